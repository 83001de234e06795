package io.signlink.provider.boldsign;

import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Provider profiles for BoldSign, an OpenID Connect provider built on IdentityServer (endpoints
 * under {@code /connect/…}, docs/PROVIDERS.md). Client authentication defaults to {@code
 * client_secret_post}, as BoldSign's guide shows; {@code client_secret_basic} can be chosen on the
 * returned builder. Access tokens live one hour when {@code expires_in} is missing (SECURITY.md
 * §token-response).
 *
 * <p>Stateless and thread-safe.
 */
public final class BoldSignProfiles {
  /** The provider id used in URLs and storage. */
  public static final String ID = "boldsign";

  /** The API version path under the regional API host. */
  public static final String API_PATH = "/v1";

  /**
   * Least scope for SignLink's use (SECURITY.md §scopes): identity, a refresh token ({@code
   * offline_access} is required for one, docs/PROVIDERS.md), and documents.
   */
  public static final List<String> DEFAULT_SCOPES =
      List.of("openid", "profile", "email", "offline_access", "BoldSign.Documents.All");

  private BoldSignProfiles() {}

  /** The profile for BoldSign's production servers in {@code region}. */
  public static ProviderProfile profile(
      BoldSignRegion region, String clientId, Secret clientSecret) {
    return builder(region, clientId, clientSecret).build();
  }

  /** A builder for {@code region}'s production servers, to change scopes or client auth. */
  public static ProviderProfile.Builder builder(
      BoldSignRegion region, String clientId, Secret clientSecret) {
    return at(region.accountBaseUri(), region.apiBaseUri(), clientId, clientSecret)
        .displayName(region == BoldSignRegion.US ? "BoldSign" : "BoldSign (" + region + ")");
  }

  /**
   * A builder for a BoldSign-compatible server at other addresses — the emulator serves the account
   * server at {@code http://127.0.0.1:PORT/boldsign} and the API at {@code
   * http://127.0.0.1:PORT/boldsign-api}.
   *
   * @param accountBase account-server root; also the issuer (without trailing slash)
   * @param apiBase the API root calls are made under (BoldSign: {@code
   *     https://api.boldsign.com/v1})
   */
  public static ProviderProfile.Builder at(
      URI accountBase, URI apiBase, String clientId, Secret clientSecret) {
    String base = stripSlash(accountBase.toString());
    return ProviderProfile.builder()
        .id(ID)
        .kind(ProviderKind.BOLDSIGN)
        .displayName("BoldSign")
        .issuer(base)
        .authorizationEndpoint(URI.create(base + "/connect/authorize"))
        .tokenEndpoint(URI.create(base + "/connect/token"))
        .userinfoEndpoint(URI.create(base + "/connect/userinfo"))
        .revocationEndpoint(URI.create(base + "/connect/revocation"))
        .jwksUri(URI.create(base + "/.well-known/openid-configuration/jwks"))
        .apiBaseUri(URI.create(stripSlash(apiBase.toString())))
        .clientId(clientId)
        .clientSecret(clientSecret)
        .clientAuth(ClientAuthMethod.CLIENT_SECRET_POST)
        .scopes(DEFAULT_SCOPES)
        .openId(true)
        .issParameterSupported(false)
        .defaultAccessTokenLifetime(Duration.ofHours(1));
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
