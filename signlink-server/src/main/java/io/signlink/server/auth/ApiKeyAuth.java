package io.signlink.server.auth;

import io.javalin.http.Context;
import io.signlink.oauth.Secret;
import io.signlink.server.http.HttpProblem;
import io.signlink.store.apikey.ApiKey;
import io.signlink.store.apikey.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks API keys: the configured admin key ({@code SIGNLINK_ADMIN_KEY}, compared by SHA-256 in
 * constant time) or any unrevoked key in the store. Thread-safe.
 *
 * <p>A stored key that verified is remembered (by its SHA-256, never the key) in a {@link
 * VerifiedKeyCache}: re-checked against the database every 5 s, so the token route does not pay a
 * database read per request and a key revoked by another process stops working within about that
 * long; while the database is unreachable a key that verified keeps working (SECURITY.md
 * §database-outage).
 */
public final class ApiKeyAuth {
  private final ApiKeyStore keys;
  private final byte[] adminKeyHash;
  private final VerifiedKeyCache<ApiKey> verified;

  public ApiKeyAuth(ApiKeyStore keys, Secret adminKey) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.adminKeyHash = adminKey == null ? null : sha256(adminKey.reveal());
    this.verified = VerifiedKeyCache.standard();
  }

  /** Lets the request through or throws a 401 {@link HttpProblem}. */
  public void require(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"signlink\"");
      throw HttpProblem.unauthorized(
          "Send an API key as 'Authorization: Bearer sk_…' (create one with: signlink keys create).");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || !isValid(header.substring(7).trim())) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"signlink\", error=\"invalid_token\"");
      throw HttpProblem.unauthorized("The API key is unknown or revoked; use a current key.");
    }
  }

  /** True for the admin key or an unrevoked stored key. */
  public boolean isValid(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > 200) {
      return false;
    }
    if (adminKeyHash != null && MessageDigest.isEqual(adminKeyHash, sha256(presented))) {
      return true;
    }
    if (!presented.startsWith(ApiKeyStore.KEY_PREFIX)) {
      return false;
    }
    String digest = Base64.getEncoder().encodeToString(sha256(presented));
    return verified.verify(digest, () -> keys.verify(presented)).isPresent();
  }

  /** The key's display name for the console, when it is a stored key. */
  public Optional<String> nameOf(String presented) {
    if (adminKeyHash != null && MessageDigest.isEqual(adminKeyHash, sha256(presented))) {
      return Optional.of("admin");
    }
    return presented.startsWith(ApiKeyStore.KEY_PREFIX)
        ? keys.verify(presented).map(k -> k.name())
        : Optional.empty();
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
