package io.signlink.server.auth;

import io.javalin.http.Context;
import io.signlink.oauth.Secret;
import io.signlink.server.http.HttpProblem;
import io.signlink.store.apikey.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks API keys: the configured admin key ({@code SIGNLINK_ADMIN_KEY}, compared by SHA-256 in
 * constant time) or any unrevoked key in the store. Thread-safe.
 *
 * <p>A stored key that verified is remembered (by its SHA-256, never the key) for {@link
 * #REMEMBER_NANOS}, so the token route does not pay a database read per request; the price is that
 * a key revoked by another process keeps working for at most that long. Only keys that verified are
 * remembered, so unknown keys cannot grow the map.
 */
public final class ApiKeyAuth {
  static final long REMEMBER_NANOS = 5_000_000_000L;
  private static final int MAX_REMEMBERED = 10_000;

  private final ApiKeyStore keys;
  private final byte[] adminKeyHash;
  private final ConcurrentHashMap<String, Long> verifiedUntil = new ConcurrentHashMap<>();

  public ApiKeyAuth(ApiKeyStore keys, Secret adminKey) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.adminKeyHash = adminKey == null ? null : sha256(adminKey.reveal());
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
    long now = System.nanoTime();
    Long until = verifiedUntil.get(digest);
    if (until != null && now - until < 0) {
      return true;
    }
    if (keys.verify(presented).isEmpty()) {
      verifiedUntil.remove(digest);
      return false;
    }
    if (verifiedUntil.size() >= MAX_REMEMBERED) {
      verifiedUntil.clear();
    }
    verifiedUntil.put(digest, now + REMEMBER_NANOS);
    return true;
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
