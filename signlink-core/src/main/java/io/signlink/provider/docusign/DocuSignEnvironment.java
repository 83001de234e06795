package io.signlink.provider.docusign;

import java.net.URI;

/**
 * DocuSign's two account servers (OAuth hosts), from the eSignature SDK's {@code OAuth} constants.
 */
public enum DocuSignEnvironment {
  /** Developer accounts: {@code account-d.docusign.com}. */
  DEMO("account-d.docusign.com"),
  PRODUCTION("account.docusign.com");

  private final String host;

  DocuSignEnvironment(String host) {
    this.host = host;
  }

  /** The bare host, as the JWT grant's {@code aud} wants it. */
  public String host() {
    return host;
  }

  public URI accountBaseUri() {
    return URI.create("https://" + host);
  }
}
