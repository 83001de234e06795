package io.signlink.server.auth;

import io.javalin.http.Context;
import io.signlink.application.ApiScope;
import io.signlink.oauth.Secret;
import io.signlink.server.http.HttpProblem;
import io.signlink.store.apikey.ApiKey;
import io.signlink.store.apikey.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks API keys (SECURITY.md §api-auth, §applications): the configured admin key ({@code
 * SIGNLINK_ADMIN_KEY}, compared by SHA-256 in constant time, the operator) or an unrevoked,
 * unexpired stored key, which acts for its application with its scopes. Thread-safe.
 *
 * <p>A stored key that verified is remembered (by its SHA-256, never the key) in a {@link
 * VerifiedKeyCache}: re-checked against the database every {@link #REMEMBER}, so the token route
 * does not pay a database read per request and a key revoked by another process stops working
 * within about that long; one revoked through this process stops at once ({@link #forget}); while
 * the database is unreachable a key that verified keeps working (SECURITY.md §database-outage).
 * Expiry is checked on every request. Last use is recorded at most once per {@link
 * #RECORD_USE_EVERY} per key.
 */
public final class ApiKeyAuth {
  static final Duration REMEMBER = Duration.ofSeconds(5);
  static final Duration RECORD_USE_EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuth.class);

  private final ApiKeyStore keys;
  private final byte[] adminKeyHash;
  private final Clock clock;
  private final VerifiedKeyCache<ApiKey> byDigest;
  private final VerifiedKeyCache<ApiKey> byKeyId;
  private final ConcurrentHashMap<String, Long> usedRecordedAt = new ConcurrentHashMap<>();

  /** The principal of each key the cache holds, made once per verified key (see principalOf). */
  private final ConcurrentHashMap<String, KnownPrincipal> principals = new ConcurrentHashMap<>();

  public ApiKeyAuth(ApiKeyStore keys, Secret adminKey) {
    this(keys, adminKey, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * @param clock judges key expiry and stamps last use
   * @param nanos the monotonic time re-checks are scheduled on (tests pass a fake)
   */
  public ApiKeyAuth(ApiKeyStore keys, Secret adminKey, Clock clock, LongSupplier nanos) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.adminKeyHash = adminKey == null ? null : sha256(adminKey.reveal());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.byDigest = cache(nanos);
    this.byKeyId = cache(nanos);
  }

  private static VerifiedKeyCache<ApiKey> cache(LongSupplier nanos) {
    return new VerifiedKeyCache<>(
        REMEMBER,
        Duration.ofMillis(250),
        Duration.ofSeconds(1),
        Duration.ofHours(24),
        10_000,
        nanos);
  }

  /** Lets the request through, recording its {@link ApiPrincipal}, or throws a 401. */
  public ApiPrincipal require(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"signlink\"");
      throw HttpProblem.unauthorized(
          "Send an API key as 'Authorization: Bearer sk_…' (create one with: signlink keys create).");
    }
    Optional<ApiPrincipal> principal = authenticateHeader(header);
    if (principal.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"signlink\", error=\"invalid_token\"");
      throw HttpProblem.unauthorized(
          "The API key is unknown, revoked or expired; use a current key.");
    }
    ctx.attribute(ApiPrincipal.ATTRIBUTE, principal.get());
    return principal.get();
  }

  /**
   * As {@link #require(Context)}, then a 403 unless the key has one of {@code anyOf} (SECURITY.md
   * §applications).
   */
  public ApiPrincipal require(Context ctx, Set<ApiScope> anyOf) {
    ApiPrincipal p = require(ctx);
    if (!p.hasAny(anyOf)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"signlink\", error=\"insufficient_scope\"");
      throw new HttpProblem(
          403,
          "insufficient_scope",
          "This API key lacks the scope this route needs ("
              + anyOf.stream().map(ApiScope::wireName).sorted().collect(Collectors.joining(" or "))
              + "); create a key with it: signlink keys create --scope …");
    }
    return p;
  }

  /**
   * The caller an {@code Authorization} header's {@code Bearer} key stands for, or empty when there
   * is no such header or key, or the key is unknown, revoked or expired. Changes nothing but the
   * key cache and its last-used stamp.
   */
  public Optional<ApiPrincipal> authenticateHeader(String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authenticate(authorization.substring(7).trim())
        : Optional.empty();
  }

  /** The caller a presented key stands for, or empty when it is unknown, revoked or expired. */
  public Optional<ApiPrincipal> authenticate(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > 200) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    if (adminKeyHash != null && MessageDigest.isEqual(adminKeyHash, hash)) {
      return Optional.of(ApiPrincipal.operator());
    }
    if (!presented.startsWith(ApiKeyStore.KEY_PREFIX)) {
      return Optional.empty();
    }
    String digest = Base64.getEncoder().encodeToString(hash);
    ApiKey key = byDigest.verify(digest, () -> keys.verify(presented)).orElse(null);
    if (key == null) {
      return Optional.empty();
    }
    Instant at = clock.instant();
    if (!key.usableAt(at)) {
      return Optional.empty();
    }
    recordUse(key.id(), at);
    return Optional.of(principalOf(key));
  }

  /** One principal per verified key while the cache holds that key (no set copies per request). */
  private record KnownPrincipal(ApiKey key, ApiPrincipal principal) {}

  private ApiPrincipal principalOf(ApiKey key) {
    KnownPrincipal known = principals.get(key.id());
    if (known != null && known.key() == key) {
      return known.principal();
    }
    ApiPrincipal principal =
        new ApiPrincipal(key.applicationId(), key.id(), key.name(), key.scopes());
    if (principals.size() >= 10_000) {
      principals.clear();
    }
    principals.put(key.id(), new KnownPrincipal(key, principal));
    return principal;
  }

  /** True for a key that {@link #authenticate} accepts, whatever its application and scopes. */
  public boolean isValid(String presented) {
    return authenticate(presented).isPresent();
  }

  /**
   * True while the stored key {@code keyId} is unrevoked and unexpired: console sessions ask on
   * every page so that revoking a key ends the sessions it opened within {@link #REMEMBER}.
   */
  public boolean stillValid(String keyId) {
    if (ApiPrincipal.ADMIN_KEY_ID.equals(keyId)) {
      return true; // SIGNLINK_ADMIN_KEY (or the open console): changes only with a restart
    }
    ApiKey key =
        byKeyId.verify(keyId, () -> keys.find(keyId).filter(k -> !k.revoked())).orElse(null);
    if (key == null) {
      return false;
    }
    return key.usableAt(clock.instant());
  }

  /** Drops what is remembered of {@code keyId}: called when this process revokes it. */
  public void forget(String keyId) {
    byDigest.forget(k -> k.id().equals(keyId));
    byKeyId.forget(k -> k.id().equals(keyId));
  }

  private void recordUse(String keyId, Instant at) {
    long ms = at.toEpochMilli();
    Long last = usedRecordedAt.get(keyId);
    if (last != null && ms - last < RECORD_USE_EVERY.toMillis()) {
      return;
    }
    usedRecordedAt.put(keyId, ms);
    try {
      keys.recordUse(keyId, at);
    } catch (RuntimeException e) {
      // Best effort: a lost last-used stamp must not fail the request it describes.
      LOG.debug("could not record the use of key {}: {}", keyId, e.getClass().getSimpleName());
    }
  }

  /**
   * One digest per request thread: every API call hashes its key, and looking the algorithm up in
   * the security providers each time cost as much as the hashing itself.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
            }
          });

  static byte[] sha256(String s) {
    // digest() resets the instance, so the next call on this thread starts clean.
    return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8));
  }
}
