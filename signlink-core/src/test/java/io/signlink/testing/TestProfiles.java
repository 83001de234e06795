package io.signlink.testing;

import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Provider profiles pointing at local test servers. Stateless. */
public final class TestProfiles {
  /** The client secret every test profile uses, made per test run, to search logs for it. */
  public static final String CLIENT_SECRET = "test-client-secret-" + UUID.randomUUID();

  private TestProfiles() {}

  /** A plain OAuth (non-OpenID) profile whose endpoints live under {@code baseUrl}. */
  public static ProviderProfile.Builder oauth(String id, String baseUrl) {
    return ProviderProfile.builder()
        .id(id)
        .kind(ProviderKind.BOLDSIGN)
        .issuer(baseUrl)
        .authorizationEndpoint(URI.create(baseUrl + "/authorize"))
        .tokenEndpoint(URI.create(baseUrl + "/token"))
        .revocationEndpoint(URI.create(baseUrl + "/revoke"))
        .clientId("client-" + id)
        .clientSecret(Secret.of(CLIENT_SECRET))
        .clientAuth(ClientAuthMethod.CLIENT_SECRET_BASIC)
        .scopes(List.of("offline_access", "BoldSign.Documents.All"));
  }
}
