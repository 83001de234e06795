package io.signlink.provider.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.provider.JsonFetcher;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's signing keys, fetched only from its configured {@code jwks_uri} (never from a
 * token's {@code jku}/{@code x5u}/{@code jwk}/{@code x5c} header, SECURITY.md §id-token).
 *
 * <p>Keys the client cannot parse (unknown {@code kty}, missing members) are skipped, as RFC 7517
 * §5 asks (SECURITY.md §id-token).
 *
 * <p>Refetches for an unknown {@code kid} (SECURITY.md §jwks-rotation): normally at most one per
 * {@code minRefetchInterval}, so a flood of tokens with random {@code kid}s cannot turn SignLink
 * into a JWKS hammer. But when the previous fetch <em>found a new key</em> (or was the first) — the
 * provider is rotating — a {@code kid} that has not had a refetch of its own gets one at once, so
 * two rotations seconds apart are both followed. Bounds: one refetch per {@code kid} within the
 * interval, and at most {@link #MAX_REFETCHES_PER_MINUTE} refetches in any minute.
 *
 * <p>Expiry: the provider's {@code Cache-Control: max-age} decides how long the keys are kept
 * ({@code no-cache}/{@code no-store} mean "revalidate on use"), clamped to between {@code
 * minRefetchInterval} and {@link #MAX_CACHE_AGE}; without the header, {@code maxAge}. Expired keys
 * are refetched before use; if that fails, the old keys keep serving (SECURITY.md §jwks-rotation).
 *
 * <p>Thread-safe: fetches are serialised on this object; readers see an immutable snapshot.
 */
final class JwkSetCache {
  private static final Logger log = LoggerFactory.getLogger(JwkSetCache.class);

  /** The global cap on JWKS fetches, whatever the {@code kid}s (SECURITY.md §jwks-rotation). */
  static final int MAX_REFETCHES_PER_MINUTE = 6;

  /** The longest a provider's {@code Cache-Control} may keep keys without a refetch. */
  static final Duration MAX_CACHE_AGE = Duration.ofHours(24);

  private static final int REMEMBERED_KIDS = 64;

  private final Supplier<URI> jwksUri;
  private final JsonFetcher fetcher;
  private final Clock clock;
  private final Duration minRefetchInterval;
  private final Duration maxAge;
  private final String providerId;

  private volatile Snapshot snapshot;
  private Instant lastAttempt;
  private boolean lastFetchFoundNewKey;
  private final Deque<Instant> recentFetches = new ArrayDeque<>();
  private final Map<String, Instant> refetchedForKid =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > REMEMBERED_KIDS;
        }
      };

  /** The keys and until when they may be used without a refetch. */
  private record Snapshot(JWKSet keys, Instant fetchedAt, Instant expiresAt) {}

  JwkSetCache(
      String providerId,
      Supplier<URI> jwksUri,
      JsonFetcher fetcher,
      Clock clock,
      Duration minRefetchInterval,
      Duration maxAge) {
    this.providerId = Objects.requireNonNull(providerId, "providerId");
    this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minRefetchInterval = minRefetchInterval;
    this.maxAge = maxAge;
  }

  /** The current keys, fetching them on first use or when older than {@code maxAge}. */
  JWKSet keys() {
    Snapshot s = snapshot;
    if (s != null && clock.instant().isBefore(s.expiresAt())) {
      return s.keys();
    }
    synchronized (this) {
      s = snapshot;
      if (s == null) {
        if (!mayFetch()) {
          // The first fetch failed moments ago: do not hammer a provider that is down (SECURITY.md
          // §jwks-rotation).
          throw new TransientException(
              TransientException.Kind.SERVER_ERROR,
              "the JWKS of " + providerId + " could not be fetched; retry later",
              minRefetchInterval,
              false,
              null);
        }
        return fetch().keys();
      }
      if (!clock.instant().isBefore(s.expiresAt()) && mayFetch()) {
        try {
          return fetch().keys();
        } catch (RuntimeException e) {
          log.warn(
              "JWKS refresh for {} failed; keeping the cached keys: {}",
              providerId,
              e.getMessage());
        }
      }
      return s.keys();
    }
  }

  /**
   * Refetches because a token named a {@code kid} that is not cached, when the rules on the class
   * allow it. Returns the keys to try (new or unchanged).
   *
   * @param kid the token's {@code kid}, or {@code null} when it named none
   */
  JWKSet refetchForUnknownKid(String kid) {
    synchronized (this) {
      Instant now = clock.instant();
      if (snapshot != null && !mayRefetchFor(kid, now)) {
        return snapshot.keys();
      }
      if (kid != null) {
        refetchedForKid.put(kid, now);
      }
      return fetch().keys();
    }
  }

  /** True when the cached keys hold no key with this {@code kid}. */
  boolean lacks(String kid) {
    Snapshot s = snapshot;
    return s == null || s.keys().getKeyByKeyId(kid) == null;
  }

  private boolean mayRefetchFor(String kid, Instant now) {
    while (!recentFetches.isEmpty()
        && !recentFetches.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
      recentFetches.removeFirst();
    }
    if (recentFetches.size() >= MAX_REFETCHES_PER_MINUTE) {
      return false; // the global cap, whatever else
    }
    if (mayFetch()) {
      return true;
    }
    // Within the interval: only while the provider is rotating, and once per kid.
    Instant previous = kid == null ? null : refetchedForKid.get(kid);
    boolean kidHadItsTurn = previous != null && now.isBefore(previous.plus(minRefetchInterval));
    return lastFetchFoundNewKey && kid != null && !kidHadItsTurn;
  }

  private boolean mayFetch() {
    return lastAttempt == null || !clock.instant().isBefore(lastAttempt.plus(minRefetchInterval));
  }

  private Snapshot fetch() {
    lastAttempt = clock.instant();
    recentFetches.addLast(lastAttempt);
    URI uri = jwksUri.get();
    if (uri == null) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.INVALID_METADATA,
          providerId + " has no jwks_uri, so its ID tokens cannot be verified; configure one");
    }
    JsonFetcher.Document doc = fetcher.fetch(uri, null, providerId, "JWKS");
    JWKSet keys = parseUsable(doc.json());
    Snapshot previous = snapshot;
    // The first fetch counts as finding new keys: a provider that rotates right after SignLink
    // first read its JWKS must be followed too.
    lastFetchFoundNewKey =
        previous == null
            || keys.getKeys().stream()
                .anyMatch(
                    k ->
                        k.getKeyID() != null
                            && previous.keys().getKeyByKeyId(k.getKeyID()) == null);
    Instant now = clock.instant();
    Duration keep =
        doc.maxAge().map(d -> clamp(d, minRefetchInterval, MAX_CACHE_AGE)).orElse(maxAge);
    Snapshot s = new Snapshot(keys, now, now.plus(keep));
    snapshot = s;
    return s;
  }

  private JWKSet parseUsable(Map<String, Object> json) {
    Object keys = json.get("keys");
    if (!(keys instanceof List<?> list)) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED,
          "the JWKS of " + providerId + " has no \"keys\" array; check its jwks_uri");
    }
    List<JWK> usable = new ArrayList<>();
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> map)) {
        continue;
      }
      try {
        // Only public parts are kept; symmetric (oct) keys have none and drop out (SECURITY.md
        // §id-token).
        JWK publicPart = JWK.parse(stringKeyed(map)).toPublicJWK();
        if (publicPart != null) {
          usable.add(publicPart);
        }
      } catch (ParseException | RuntimeException e) {
        // RFC 7517 §5: a key the client does not understand is ignored, not fatal (SECURITY.md
        // §id-token).
        log.debug("ignoring an unusable key in the JWKS of {}: {}", providerId, e.getMessage());
      }
    }
    return new JWKSet(usable);
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  private static Map<String, Object> stringKeyed(Map<?, ?> map) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
