package io.signlink.provider.boldsign;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.api.GrantTokenCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Bearer tokens for BoldSign server-to-server use: the client credentials grant (RFC 6749 §4.4) at
 * the profile's regional account server, with the app's own identity and no user or stored
 * connection. The token is cached until {@link #MARGIN} before expiry and fetched again after a
 * 401; there is no refresh token to rotate. Use it with {@link BoldSignApiClient#forProfile}.
 *
 * <p>Thread-safe: the cache serialises token requests.
 */
public final class BoldSignApiClientCredentials implements BearerTokens {
  /** Stop using a token this long before it expires (BoldSign tokens live 1 h). */
  public static final Duration MARGIN = Duration.ofMinutes(2);

  private final GrantTokenCache cache;

  /**
   * @param scopes e.g. {@code BoldSign.Documents.All}; least privilege (SECURITY.md §scopes)
   * @throws io.signlink.error.ConfigurationException on first use, when the profile is a public
   *     client (the grant needs the client secret)
   */
  public BoldSignApiClientCredentials(
      TokenClient tokenClient, ProviderProfile profile, Collection<String> scopes, Clock clock) {
    Objects.requireNonNull(tokenClient, "tokenClient");
    Objects.requireNonNull(profile, "profile");
    List<String> requested = List.copyOf(scopes);
    this.cache =
        new GrantTokenCache(() -> tokenClient.clientCredentials(profile, requested), clock, MARGIN);
  }

  @Override
  public Secret current() {
    return cache.current();
  }

  @Override
  public Secret refreshed(Secret rejected) {
    return cache.refreshed(rejected);
  }

  @Override
  public String toString() {
    return "BoldSignApiClientCredentials";
  }
}
