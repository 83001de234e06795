package io.signlink.provider.docusign;

import io.signlink.provider.ResolvedIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Short-lived userinfo answers keyed by a SHA-256 of the access token (the token itself is never
 * held as a key). Bounded: when full, expired entries go, and if that is not enough, all do.
 * Thread-safe; two concurrent misses for one token may both fetch, which is harmless.
 */
final class UserinfoCache {
  private record Entry(ResolvedIdentity identity, Instant expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int maxEntries;

  UserinfoCache(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
  }

  ResolvedIdentity get(String key, Supplier<ResolvedIdentity> load) {
    String hashed = sha256(key);
    Instant now = clock.instant();
    Entry e = entries.get(hashed);
    if (e != null && now.isBefore(e.expiresAt())) {
      return e.identity();
    }
    ResolvedIdentity fresh = load.get();
    if (!ttl.isZero() && !ttl.isNegative()) {
      if (entries.size() >= maxEntries) {
        entries.values().removeIf(x -> !now.isBefore(x.expiresAt()));
        if (entries.size() >= maxEntries) {
          entries.clear();
        }
      }
      entries.put(hashed, new Entry(fresh, now.plus(ttl)));
    }
    return fresh;
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
