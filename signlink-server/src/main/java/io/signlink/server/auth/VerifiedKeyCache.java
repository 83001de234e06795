package io.signlink.server.auth;

import io.signlink.error.TransientException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Remembers which credentials verified, keyed by their SHA-256 (never the credential), so that a
 * request does not pay a database read, and so that a verified key keeps working while the database
 * is unreachable (SECURITY.md §database-outage). The rules, in order:
 *
 * <ol>
 *   <li>A credential never verified is looked up synchronously; a database error propagates (the
 *       caller answers 503), and only a credential that verified is remembered, so unknown keys
 *       cannot grow the map.
 *   <li>A verified credential is served from memory for {@code recheckAfter} (5 s in production).
 *   <li>Then one request re-checks it, on a separate thread, waiting at most {@code waitForCheck}
 *       (250 ms); requests arriving while that check runs get the last verdict at once. The check
 *       answering "no such key" (revoked, deleted) removes it: the request gets a 401.
 *   <li>If the check fails with a {@link TransientException} (database down, pool timeout) or is
 *       still running after {@code waitForCheck}, the last verdict stands and the next check is
 *       {@code retryAfterFailure} (1 s) later. It stands for at most {@code maxStale} (24 h) after
 *       the last successful check; then the key is looked up synchronously again, as in rule 1.
 * </ol>
 *
 * So a revocation takes effect on this instance within {@code recheckAfter} while the database
 * answers, and within {@code recheckAfter + retryAfterFailure} plus one check once it is back; a
 * database outage costs a known key at most {@code waitForCheck} on one request per check.
 * Thread-safe.
 *
 * @param <V> what a verification yields (the key's record)
 */
final class VerifiedKeyCache<V> {
  /** The production settings described above. */
  static <V> VerifiedKeyCache<V> standard() {
    return new VerifiedKeyCache<>(
        Duration.ofSeconds(5),
        Duration.ofMillis(250),
        Duration.ofSeconds(1),
        Duration.ofHours(24),
        10_000,
        System::nanoTime);
  }

  /**
   * One remembered verdict: the value, when it was last confirmed, when to check next, and the
   * check running now (or null).
   */
  private record Entry<V>(
      V value, long confirmedAt, long recheckAt, CompletableFuture<Optional<V>> check) {}

  private final long recheckAfter;
  private final long waitForCheck;
  private final long retryAfterFailure;
  private final long maxStale;
  private final int maxEntries;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();

  VerifiedKeyCache(
      Duration recheckAfter,
      Duration waitForCheck,
      Duration retryAfterFailure,
      Duration maxStale,
      int maxEntries,
      LongSupplier nanos) {
    this.recheckAfter = recheckAfter.toNanos();
    this.waitForCheck = waitForCheck.toNanos();
    this.retryAfterFailure = retryAfterFailure.toNanos();
    this.maxStale = maxStale.toNanos();
    this.maxEntries = maxEntries;
    this.nanos = Objects.requireNonNull(nanos, "nanos");
  }

  /**
   * The verified value for the credential with this digest, or empty when it is unknown or revoked;
   * {@code lookup} asks the database.
   *
   * @throws TransientException the database is unavailable and the credential was never verified
   *     (or too long ago)
   */
  Optional<V> verify(String digest, Supplier<Optional<V>> lookup) {
    long now = nanos.getAsLong();
    Entry<V> e = entries.get(digest);
    if (e != null && now - e.recheckAt() < 0) {
      return Optional.of(e.value());
    }
    if (e == null || now - e.confirmedAt() - maxStale >= 0) {
      return confirmed(digest, e, lookup.get(), now);
    }
    if (e.check() != null) {
      return Optional.of(e.value()); // another request is re-checking it
    }
    CompletableFuture<Optional<V>> check = new CompletableFuture<>();
    Entry<V> checking = new Entry<>(e.value(), e.confirmedAt(), e.recheckAt(), check);
    if (!entries.replace(digest, e, checking)) {
      return verify(digest, lookup); // raced with another request; look again
    }
    Thread t =
        new Thread(
            () -> {
              try {
                check.complete(lookup.get());
              } catch (RuntimeException | Error ex) {
                check.completeExceptionally(ex);
              }
            },
            "signlink-key-recheck");
    t.setDaemon(true);
    t.start();
    check.whenComplete((result, failure) -> settle(digest, checking, result, failure));
    try {
      return check.get(waitForCheck, TimeUnit.NANOSECONDS);
    } catch (TimeoutException slow) {
      return Optional.of(e.value()); // the database is slow or frozen: the last verdict stands
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof TransientException) {
        return Optional.of(e.value()); // the database is down: the last verdict stands
      }
      if (failed.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(failed.getCause());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return Optional.of(e.value());
    }
  }

  /** Records what a synchronous lookup answered. */
  private Optional<V> confirmed(String digest, Entry<V> seen, Optional<V> result, long now) {
    if (result.isEmpty()) {
      if (seen != null) {
        entries.remove(digest, seen);
      }
      return result;
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(digest, new Entry<>(result.get(), now, now + recheckAfter, null));
    return result;
  }

  /** Applies a background re-check's outcome to the entry it started from. */
  private void settle(String digest, Entry<V> checking, Optional<V> result, Throwable failure) {
    long now = nanos.getAsLong();
    if (failure != null) {
      entries.replace(
          digest,
          checking,
          new Entry<>(checking.value(), checking.confirmedAt(), now + retryAfterFailure, null));
    } else if (result.isEmpty()) {
      entries.remove(digest, checking);
    } else {
      entries.replace(digest, checking, new Entry<>(result.get(), now, now + recheckAfter, null));
    }
  }

  /**
   * Forgets every remembered credential whose value matches, e.g. a key revoked through this
   * process, which must stop working at once rather than at its next re-check.
   */
  void forget(Predicate<V> which) {
    entries.values().removeIf(e -> which.test(e.value()));
  }

  int size() {
    return entries.size();
  }
}
