package io.signlink.cli.login;

import io.signlink.oauth.Secret;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of an authorization response that reached the loopback listener (RFC 6749 §4.1.2,
 * §4.1.2.1; RFC 9207 {@code iss}). The code and state are {@link Secret}s, so printing the record
 * prints neither (SECURITY.md §cli-loopback). A parameter sent twice counts as absent (RFC 6749
 * §3.1: parameters "MUST NOT be included more than once"). Immutable.
 *
 * @param others every other parameter received once (Acrobat Sign's {@code api_access_point},
 *     Zoho's {@code location}); the connect flow reads only those the provider's definition lists
 *     and checks them before use (SECURITY.md §callback-hosts)
 */
public record LoopbackCallback(
    Secret state,
    Secret code,
    String issuer,
    String error,
    String errorDescription,
    Map<String, String> others) {

  /** The OAuth parameters only. */
  public LoopbackCallback(
      Secret state, Secret code, String issuer, String error, String errorDescription) {
    this(state, code, issuer, error, errorDescription, Map.of());
  }

  public LoopbackCallback {
    others = others == null ? Map.of() : Map.copyOf(others);
  }

  /** Whether the provider answered with an error instead of a code. */
  public boolean isError() {
    return error != null;
  }

  /** The parameters as received, for core's callback checks; holds the code: do not log it. */
  public Map<String, String> parameters() {
    Map<String, String> p = new HashMap<>(others);
    putIfPresent(p, "state", state == null ? null : state.reveal());
    putIfPresent(p, "code", code == null ? null : code.reveal());
    putIfPresent(p, "iss", issuer);
    putIfPresent(p, "error", error);
    putIfPresent(p, "error_description", errorDescription);
    return p;
  }

  private static void putIfPresent(Map<String, String> map, String name, String value) {
    if (value != null) {
      map.put(name, value);
    }
  }

  private static final Set<String> OAUTH =
      Set.of("state", "code", "iss", "error", "error_description");

  static LoopbackCallback parse(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    Set<String> repeated = new HashSet<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (params.putIfAbsent(name, value) != null) {
          repeated.add(name);
        }
      }
    }
    repeated.forEach(params::remove);
    Map<String, String> others = new HashMap<>(params);
    OAUTH.forEach(others::remove);
    return new LoopbackCallback(
        Secret.ofNullable(params.get("state")),
        Secret.ofNullable(params.get("code")),
        emptyToNull(params.get("iss")),
        emptyToNull(params.get("error")),
        emptyToNull(params.get("error_description")),
        others);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return "";
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
