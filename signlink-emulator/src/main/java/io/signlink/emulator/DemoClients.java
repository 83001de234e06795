package io.signlink.emulator;

import io.signlink.emulator.profile.ClientSpec;
import io.signlink.emulator.profile.Profile;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients the emulator registers unless told not to, as the profiles declare them; the
 * constants name the built-in ones. Their secrets are public demo values: the emulator is an
 * offline test double, never a place for real credentials.
 *
 * <p>Each seeded client accepts {@code http://127.0.0.1/callback} and {@code
 * http://127.0.0.1/callback/{provider}} on any port (RFC 8252 §7.3 loopback rule) plus the redirect
 * URIs given in {@link EmulatorConfig}.
 *
 * <p>Thread-safe: immutable constants and pure functions.
 */
public final class DemoClients {

  public static final String BOLDSIGN_CLIENT_ID = "boldsign-demo-client";
  public static final String BOLDSIGN_CLIENT_SECRET = "boldsign-demo-secret";
  public static final String BOLDSIGN_PUBLIC_CLIENT_ID = "boldsign-demo-public";
  public static final String DOCUSIGN_INTEGRATION_KEY = "docusign-demo-ik";
  public static final String DOCUSIGN_SECRET = "docusign-demo-secret";
  public static final String DOCUSIGN_PUBLIC_INTEGRATION_KEY = "docusign-demo-public-ik";

  /** Accepted in BoldSign's {@code X-API-KEY} header; acts as the default BoldSign user. */
  public static final String BOLDSIGN_API_KEY = "boldsign-demo-api-key";

  private DemoClients() {}

  /**
   * The demo clients every profile declares ({@code clients}), each also accepting {@code
   * extraRedirectUris}; clients marked {@code jwt_grant} accept {@code jwtKey}'s assertions.
   */
  static List<RegisteredClient> seeded(
      List<Profile> profiles, List<String> extraRedirectUris, RSAPublicKey jwtKey) {
    List<RegisteredClient> clients = new ArrayList<>();
    for (Profile profile : profiles) {
      Provider provider = Provider.of(profile.id(), profile.displayName());
      for (ClientSpec spec : profile.clients()) {
        RegisteredClient client =
            new RegisteredClient(
                provider,
                spec.clientId(),
                spec.clientSecret(),
                spec.name(),
                uris(provider, extraRedirectUris),
                List.of());
        clients.add(spec.jwtGrant() ? client.withJwtKey(jwtKey) : client);
      }
    }
    return clients;
  }

  private static List<String> uris(Provider provider, List<String> extra) {
    List<String> all =
        new ArrayList<>(
            List.of("http://127.0.0.1/callback", "http://127.0.0.1/callback/" + provider.id()));
    extra.stream().filter(uri -> !all.contains(uri)).forEach(all::add);
    return all;
  }
}
