package io.signlink.provider.docusign;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.api.GrantTokenCache;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Bearer tokens for a DocuSign service integration acting as one user through the JWT grant (RFC
 * 7523 §2.1): an assertion signed with the integration's RSA key ({@link DocuSignJwtAssertion},
 * {@code iat} backdated against clock skew), exchanged at the token endpoint, cached until {@link
 * #MARGIN} before expiry, and exchanged again after a 401. The JWT grant issues no refresh token: a
 * new assertion is always the way to a new token.
 *
 * <p>Until the user (or an organisation admin) has consented to {@code signature impersonation},
 * DocuSign answers {@code consent_required}; that surfaces as a {@link
 * io.signlink.error.ProviderRejectedException} whose {@code consentUrl()} is the page to send the
 * user to (docs/PROVIDERS.md "JWT consent", {@link DocuSignConsent}).
 *
 * <p>Thread-safe: the cache serialises token requests; the key is only read.
 */
public final class DocuSignApiJwtTokens implements BearerTokens {
  /** Stop using a token this long before it expires (JWT-grant tokens live 1 h). */
  public static final Duration MARGIN = Duration.ofMinutes(5);

  private final GrantTokenCache cache;

  /**
   * @param userId the DocuSign user GUID to act as ({@code sub} of the assertion)
   * @param key the integration's RSA private key, registered with DocuSign
   * @param consentRedirectUri a redirect URI registered for the integration, used in the consent
   *     URL
   */
  public DocuSignApiJwtTokens(
      TokenClient tokenClient,
      ProviderProfile profile,
      DocuSignJwtAssertion assertions,
      String userId,
      RSAPrivateKey key,
      URI consentRedirectUri,
      Clock clock) {
    Objects.requireNonNull(tokenClient, "tokenClient");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(assertions, "assertions");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(consentRedirectUri, "consentRedirectUri");
    this.cache =
        new GrantTokenCache(
            () ->
                DocuSignConsent.mapConsentRequired(
                    () ->
                        tokenClient.jwtBearer(
                            profile,
                            assertions.create(profile, userId, key),
                            DocuSignJwtAssertion.SCOPES),
                    profile,
                    consentRedirectUri),
            clock,
            MARGIN);
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
    return "DocuSignApiJwtTokens";
  }
}
