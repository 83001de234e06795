package io.signlink.emulator;

import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients the emulator registers unless told not to. Their secrets are public demo values: the
 * emulator is an offline test double, never a place for real credentials.
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

  /** The seeded clients, each also accepting {@code extraRedirectUris}. */
  static List<RegisteredClient> seeded(
      List<String> extraRedirectUris, RSAPublicKey docuSignJwtKey) {
    List<RegisteredClient> clients = new ArrayList<>();
    clients.add(
        RegisteredClient.confidential(
            Provider.BOLDSIGN,
            BOLDSIGN_CLIENT_ID,
            BOLDSIGN_CLIENT_SECRET,
            "SignLink Demo (BoldSign)",
            uris(Provider.BOLDSIGN, extraRedirectUris)));
    clients.add(
        RegisteredClient.publicClient(
            Provider.BOLDSIGN,
            BOLDSIGN_PUBLIC_CLIENT_ID,
            "SignLink CLI (BoldSign)",
            uris(Provider.BOLDSIGN, extraRedirectUris)));
    clients.add(
        RegisteredClient.confidential(
                Provider.DOCUSIGN,
                DOCUSIGN_INTEGRATION_KEY,
                DOCUSIGN_SECRET,
                "SignLink Demo (DocuSign)",
                uris(Provider.DOCUSIGN, extraRedirectUris))
            .withJwtKey(docuSignJwtKey));
    clients.add(
        RegisteredClient.publicClient(
            Provider.DOCUSIGN,
            DOCUSIGN_PUBLIC_INTEGRATION_KEY,
            "SignLink CLI (DocuSign)",
            uris(Provider.DOCUSIGN, extraRedirectUris)));
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
