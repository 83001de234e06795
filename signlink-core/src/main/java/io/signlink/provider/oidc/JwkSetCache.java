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
import java.util.ArrayList;
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
 * §5 asks (SECURITY.md §id-token). A refetch for an unknown {@code kid} happens at most once per
 * {@code minRefetchInterval}, so a flood of tokens with random {@code kid}s cannot turn SignLink
 * into a JWKS hammer (SECURITY.md §jwks-rotation). When the keys are older than {@code maxAge} they
 * are refetched before use; if that fails, the old keys keep serving (SECURITY.md §jwks-rotation).
 *
 * <p>Thread-safe: fetches are serialised on this object; readers see an immutable snapshot.
 */
final class JwkSetCache {
  private static final Logger log = LoggerFactory.getLogger(JwkSetCache.class);

  private final Supplier<URI> jwksUri;
  private final JsonFetcher fetcher;
  private final Clock clock;
  private final Duration minRefetchInterval;
  private final Duration maxAge;
  private final String providerId;

  private volatile Snapshot snapshot;
  private Instant lastAttempt;

  private record Snapshot(JWKSet keys, Instant fetchedAt) {}

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
    if (s != null && clock.instant().isBefore(s.fetchedAt().plus(maxAge))) {
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
      if (!clock.instant().isBefore(s.fetchedAt().plus(maxAge)) && mayFetch()) {
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
   * Refetches because a token named a {@code kid} that is not cached, unless the last fetch was
   * less than {@code minRefetchInterval} ago. Returns the keys to try (new or unchanged).
   */
  JWKSet refetchForUnknownKid() {
    synchronized (this) {
      if (snapshot != null && !mayFetch()) {
        return snapshot.keys();
      }
      return fetch().keys();
    }
  }

  private boolean mayFetch() {
    return lastAttempt == null || !clock.instant().isBefore(lastAttempt.plus(minRefetchInterval));
  }

  private Snapshot fetch() {
    lastAttempt = clock.instant();
    URI uri = jwksUri.get();
    if (uri == null) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.INVALID_METADATA,
          providerId + " has no jwks_uri, so its ID tokens cannot be verified; configure one");
    }
    Map<String, Object> json = fetcher.get(uri, null, providerId, "JWKS");
    Snapshot s = new Snapshot(parseUsable(json), clock.instant());
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

  private static Map<String, Object> stringKeyed(Map<?, ?> map) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
