package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.signlink.emulator.RegisteredClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Client authentication at the token and revocation endpoints (RFC 6749 §2.3): HTTP Basic ({@code
 * client_secret_basic}, with form-encoded id and secret per §2.3.1) or, where the provider allows
 * it, {@code client_secret_post} (BoldSign's guide uses it; DocuSign requires Basic for
 * confidential clients). A public client sends only {@code client_id}. Using two methods at once is
 * {@code invalid_request}; a wrong secret, an unknown client or a confidential client without a
 * secret is {@code invalid_client} with 401.
 *
 * <p>Thread-safe: stateless.
 */
public final class ClientAuthenticator {

  private final AuthServer server;

  public ClientAuthenticator(AuthServer server) {
    this.server = server;
  }

  /**
   * Whether the request carries HTTP Basic credentials (so a 401 must say {@code
   * WWW-Authenticate}).
   */
  public static boolean usesBasic(Context ctx) {
    String header = ctx.header("Authorization");
    return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
  }

  public RegisteredClient authenticate(Context ctx, Map<String, List<String>> params) {
    String bodyId = HttpSupport.single(params, "client_id");
    String bodySecret = HttpSupport.single(params, "client_secret");
    if (usesBasic(ctx)) {
      if (server.rules().basicAuthRefused()) {
        throw OAuthException.invalidClient(
            "This client is registered for client_secret_post: send client_id and client_secret"
                + " in the body.");
      }
      if (bodySecret != null) {
        throw OAuthException.invalidRequest(
            "Use one client authentication method, not Basic and client_secret.");
      }
      String[] idAndSecret = decodeBasic(ctx.header("Authorization"));
      if (bodyId != null && !bodyId.equals(idAndSecret[0])) {
        throw OAuthException.invalidClient(
            "client_id in the body differs from the Basic credentials.");
      }
      return confidential(idAndSecret[0], idAndSecret[1]);
    }
    if (bodySecret != null) {
      if (server.rules().basicAuthOnly()) {
        throw OAuthException.invalidClient(
            server.rules().provider().displayName()
                + " requires HTTP Basic client authentication: Authorization: Basic base64(client_id:secret).");
      }
      return confidential(bodyId, bodySecret);
    }
    if (bodyId == null) {
      throw OAuthException.invalidClient(
          "Client authentication is missing: send Authorization: Basic "
              + "base64(client_id:secret), or client_id alone for a public client.");
    }
    RegisteredClient client =
        server
            .client(bodyId)
            .orElseThrow(
                () ->
                    OAuthException.invalidClient("Client authentication failed: unknown client."));
    if (!client.isPublic()) {
      throw OAuthException.invalidClient(
          "Client authentication failed: this client must send its secret.");
    }
    return client;
  }

  private RegisteredClient confidential(String clientId, String secret) {
    RegisteredClient client = clientId == null ? null : server.client(clientId).orElse(null);
    if (client == null
        || client.isPublic()
        || secret == null
        || !MessageDigest.isEqual(
            client.clientSecret().getBytes(StandardCharsets.UTF_8),
            secret.getBytes(StandardCharsets.UTF_8))) {
      throw OAuthException.invalidClient(
          "Client authentication failed: unknown client or wrong secret.");
    }
    return client;
  }

  private static String[] decodeBasic(String header) {
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw OAuthException.invalidClient("Malformed Basic credentials.");
      }
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidClient("Malformed Basic credentials.");
    }
  }
}
