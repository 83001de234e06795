package io.signlink.emulator.oauth;

import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * Redirect-URI matching: exact string comparison (RFC 9700 §4.1.3, RFC 6749 §3.1.2), with the one
 * exception RFC 8252 §7.3 requires — for a registered loopback IP literal ({@code http://127.0.0.1}
 * or {@code http://[::1]}) any port is accepted, everything else must still match. {@code
 * localhost} gets no such leniency (RFC 8252 §8.3: NOT RECOMMENDED), as in Spring Authorization
 * Server.
 *
 * <p>Thread-safe: stateless.
 */
public final class RedirectUris {

  private RedirectUris() {}

  /** Whether {@code requested} is one of the client's registered redirect URIs. */
  public static boolean isRegistered(RegisteredClient client, String requested) {
    if (requested == null || requested.indexOf('#') >= 0) {
      return false; // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment
    }
    for (String registered : client.redirectUris()) {
      if (registered.equals(requested) || loopbackMatch(registered, requested)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The callback URL of an app whose provider takes it from the app's settings instead of the
   * request (Dropbox Sign): the last registered redirect URI ending in {@code /callback/{id}}
   * (configured ones come after the seeded port-less ones, so a test's own wins), else the last
   * registered one.
   */
  public static String appCallback(RegisteredClient client, Provider provider) {
    List<String> uris = client.redirectUris();
    for (int i = uris.size() - 1; i >= 0; i--) {
      if (uris.get(i).endsWith("/callback/" + provider.id())) {
        return uris.get(i);
      }
    }
    return uris.isEmpty() ? null : uris.get(uris.size() - 1);
  }

  private static boolean loopbackMatch(String registered, String requested) {
    try {
      URI reg = new URI(registered);
      URI req = new URI(requested);
      return "http".equals(reg.getScheme())
          && "http".equals(req.getScheme())
          && isLoopbackLiteral(reg.getHost())
          && Objects.equals(reg.getHost(), req.getHost())
          && reg.getRawUserInfo() == null
          && req.getRawUserInfo() == null
          && Objects.equals(emptyToSlash(reg.getRawPath()), emptyToSlash(req.getRawPath()))
          && Objects.equals(reg.getRawQuery(), req.getRawQuery());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isLoopbackLiteral(String host) {
    return "127.0.0.1".equals(host) || "[::1]".equals(host);
  }

  private static String emptyToSlash(String path) {
    return path == null || path.isEmpty() ? "/" : path;
  }
}
