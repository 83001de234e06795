package io.signlink.emulator.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
 *
 * <p>Thread-safe: an immutable record; {@link #toString()} prints no token.
 */
public record IssuedTokens(
    String accessToken, long expiresIn, String scope, String refreshToken, String idToken) {

  public IssuedTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(scope, "scope");
  }

  public IssuedTokens withIdToken(String idToken) {
    return new IssuedTokens(accessToken, expiresIn, scope, refreshToken, idToken);
  }

  /** The JSON members, in the order the providers send them. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", accessToken);
    json.put("token_type", "Bearer");
    json.put("expires_in", expiresIn);
    json.put("scope", scope);
    if (refreshToken != null) {
      json.put("refresh_token", refreshToken);
    }
    if (idToken != null) {
      json.put("id_token", idToken);
    }
    return json;
  }

  @Override
  public String toString() {
    return "IssuedTokens[expiresIn="
        + expiresIn
        + ", scope="
        + scope
        + ", refresh="
        + (refreshToken != null)
        + ", id="
        + (idToken != null)
        + "]";
  }
}
