package io.signlink.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters, so a test can assert what reached the "provider" (for example that exactly one
 * refresh request arrived although fifty callers wanted a token).
 *
 * <p>Keys are dotted: {@code {provider}.token.{grant_type}} (every token request that named that
 * grant type, counted before fault injection), {@code {provider}.token.error.{error}}, {@code
 * {provider}.authorize}, {@code {provider}.consent.allow|deny}, {@code {provider}.userinfo}, {@code
 * {provider}.revocation}, {@code {provider}.discovery}, {@code {provider}.jwks}, {@code
 * {provider}.api.{name}} and {@code {provider}.api.unauthorized}.
 *
 * <p>Thread-safe: lock-free counters in a concurrent map.
 */
public final class EmulatorStats {

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** Adds one to the counter {@code key}. Called by the emulator's endpoints. */
  public void increment(String key) {
    counters.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** The value of one counter (0 if never incremented). */
  public long count(String key) {
    LongAdder adder = counters.get(key);
    return adder == null ? 0 : adder.sum();
  }

  /** Token requests to one provider naming {@code grantType} (e.g. {@code refresh_token}). */
  public long tokenRequests(Provider provider, String grantType) {
    return count(provider.id() + ".token." + grantType);
  }

  /** Token requests naming {@code grantType}, both providers together. */
  public long tokenRequests(String grantType) {
    return tokenRequests(Provider.BOLDSIGN, grantType)
        + tokenRequests(Provider.DOCUSIGN, grantType);
  }

  /** All token requests to one provider, whatever their grant type. */
  public long tokenRequests(Provider provider) {
    return count(provider.id() + ".token");
  }

  /** Token-endpoint error responses with the given {@code error} code. */
  public long tokenErrors(Provider provider, String error) {
    return count(provider.id() + ".token.error." + error);
  }

  /** A sorted copy of every counter. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** Sets every counter back to zero. */
  public void reset() {
    counters.clear();
  }
}
