package io.signlink.provider.boldsign;

import java.net.URI;

/**
 * BoldSign's data regions. Each has its own account server (OAuth) and API host; a connection's API
 * calls go to the host of the region its account lives in (docs/PROVIDERS.md, BoldSign).
 */
public enum BoldSignRegion {
  US("account.boldsign.com", "api.boldsign.com"),
  EU("account-eu.boldsign.com", "api-eu.boldsign.com"),
  CA("account-ca.boldsign.com", "api-ca.boldsign.com"),
  /** Named only in a third-party client (docs/PROVIDERS.md); verify before relying on it. */
  AU("account-au.boldsign.com", "api-au.boldsign.com");

  private final String accountHost;
  private final String apiHost;

  BoldSignRegion(String accountHost, String apiHost) {
    this.accountHost = accountHost;
    this.apiHost = apiHost;
  }

  /** {@code https://account[-xx].boldsign.com}: the OAuth server and ID-token issuer. */
  public URI accountBaseUri() {
    return URI.create("https://" + accountHost);
  }

  /** {@code https://api[-xx].boldsign.com}, without the {@code /v1} version path. */
  public URI apiHost() {
    return URI.create("https://" + apiHost);
  }

  /** {@code https://api[-xx].boldsign.com/v1}: the API root documents are called under. */
  public URI apiBaseUri() {
    return URI.create("https://" + apiHost + BoldSignProfiles.API_PATH);
  }
}
