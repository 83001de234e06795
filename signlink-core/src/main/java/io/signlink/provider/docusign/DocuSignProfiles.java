package io.signlink.provider.docusign;

import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.RefreshTokenPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Provider profiles for DocuSign's Authorization Code Grant (docs/PROVIDERS.md): {@code
 * /oauth/auth}, {@code /oauth/token} with {@code client_secret_basic}, {@code /oauth/userinfo}; no
 * revocation endpoint, no JWKS, no ID token (not OpenID). Access tokens live 8 h when {@code
 * expires_in} is missing. DocuSign's accounts carry their own {@code base_uri}, so the profile has
 * no API base.
 *
 * <p>Scope is {@code signature}, plus {@code extended} for a longer-lived refresh token. {@code
 * extended} has to be granted at the initial consent — it cannot be added at refresh, and refresh
 * requests send no scope at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class DocuSignProfiles {
  /** The provider id used in URLs and storage. */
  public static final String ID = "docusign";

  private DocuSignProfiles() {}

  /** The profile for {@code environment}, scope {@code signature} (+ {@code extended}). */
  public static ProviderProfile profile(
      DocuSignEnvironment environment, String integrationKey, Secret secret, boolean extended) {
    return builder(environment, integrationKey, secret, extended).build();
  }

  /** A builder for {@code environment}, to add e.g. {@code prompt=login} or change the scopes. */
  public static ProviderProfile.Builder builder(
      DocuSignEnvironment environment, String integrationKey, Secret secret, boolean extended) {
    return at(environment.accountBaseUri(), integrationKey, secret, extended)
        .displayName(environment == DocuSignEnvironment.DEMO ? "DocuSign (demo)" : "DocuSign");
  }

  /**
   * A builder for a DocuSign-compatible account server elsewhere, e.g. the emulator at {@code
   * http://127.0.0.1:PORT/docusign}.
   */
  public static ProviderProfile.Builder at(
      URI accountBase, String integrationKey, Secret secret, boolean extended) {
    String base = accountBase.toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    List<String> scopes = new ArrayList<>(List.of("signature"));
    if (extended) {
      scopes.add("extended");
    }
    return ProviderProfile.builder()
        .id(ID)
        .kind(ProviderKind.DOCUSIGN)
        .displayName("DocuSign")
        .issuer(base)
        .authorizationEndpoint(URI.create(base + "/oauth/auth"))
        .tokenEndpoint(URI.create(base + "/oauth/token"))
        .userinfoEndpoint(URI.create(base + "/oauth/userinfo"))
        .clientId(integrationKey)
        .clientSecret(secret)
        .clientAuth(ClientAuthMethod.CLIENT_SECRET_BASIC)
        .scopes(scopes)
        .extraAuthorizationParameters(Map.of())
        .openId(false)
        .issParameterSupported(false)
        .defaultAccessTokenLifetime(Duration.ofHours(8))
        // refresh tokens die after 30 days unused; no reuse grace is documented
        .refreshTokenPolicy(new RefreshTokenPolicy(null, Duration.ofDays(30)));
  }
}
