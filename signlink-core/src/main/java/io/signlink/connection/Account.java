package io.signlink.connection;

import java.util.Objects;

/**
 * One provider account a connection can act on: a DocuSign account from {@code /oauth/userinfo}
 * (with its own {@code base_uri}), or the BoldSign account with its regional API host.
 *
 * @param baseUri the root API calls go to, e.g. {@code https://demo.docusign.net} or {@code
 *     https://api-eu.boldsign.com}
 */
public record Account(String accountId, String accountName, String baseUri, boolean isDefault) {
  public Account {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(baseUri, "baseUri");
  }
}
