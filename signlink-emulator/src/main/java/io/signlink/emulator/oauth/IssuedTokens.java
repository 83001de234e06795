package io.signlink.emulator.oauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
 *
 * <p>Thread-safe: an immutable record; {@link #toString()} prints no token.
 */
public record IssuedTokens(
    String accessToken,
    long expiresIn,
    String scope,
    String refreshToken,
    String idToken,
    Map<String, String> extra) {

  public IssuedTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(scope, "scope");
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  public IssuedTokens(
      String accessToken, long expiresIn, String scope, String refreshToken, String idToken) {
    this(accessToken, expiresIn, scope, refreshToken, idToken, Map.of());
  }

  public IssuedTokens withIdToken(String idToken) {
    return new IssuedTokens(accessToken, expiresIn, scope, refreshToken, idToken, extra);
  }

  /** The same answer carrying {@code refreshToken} (a profile that echoes the one it was given). */
  public IssuedTokens withRefreshToken(String refreshToken) {
    return new IssuedTokens(accessToken, expiresIn, scope, refreshToken, idToken, extra);
  }

  /** The same answer with the profile's extra members ({@code api_access_point}, …). */
  public IssuedTokens withExtra(Map<String, String> extra) {
    return new IssuedTokens(accessToken, expiresIn, scope, refreshToken, idToken, extra);
  }

  /**
   * The same answer with {@code expires_in} as the epoch second the token expires, counted from
   * {@code issuedAt} (SignNow's code exchange).
   */
  public IssuedTokens expiringAt(java.time.Instant issuedAt) {
    return new IssuedTokens(
        accessToken, issuedAt.getEpochSecond() + expiresIn, scope, refreshToken, idToken, extra);
  }

  /** The JSON members, in the order the providers send them. */
  public Map<String, Object> toJson() {
    return toJson("Bearer", false);
  }

  /**
   * The JSON members with the provider's {@code token_type} spelling, and {@code expires_in} as a
   * string when {@code expiresInAsString} (SignNow).
   */
  public Map<String, Object> toJson(String tokenType, boolean expiresInAsString) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", accessToken);
    json.put("token_type", tokenType);
    json.put("expires_in", expiresInAsString ? Long.toString(expiresIn) : expiresIn);
    json.put("scope", scope);
    if (refreshToken != null) {
      json.put("refresh_token", refreshToken);
    }
    if (idToken != null) {
      json.put("id_token", idToken);
    }
    json.putAll(extra);
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
