package io.signlink.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Per-client-IP rate limits, per instance (SECURITY.md §rate-limits), each a {@link RateLimiter}:
 *
 * <ul>
 *   <li>{@code /connect/…}: every request spends a token, so one client cannot fill the pending
 *       authorizations table or the log.
 *   <li>{@code /api/…} and {@code /refresh-token}: each answer 401 (missing, unknown or revoked
 *       key) spends a token; with none left the client gets 429 before its key is even looked at.
 *   <li>{@code POST /console/login}: the same for each refused sign-in.
 * </ul>
 *
 * A refused request gets 429 with {@code Retry-After} in whole seconds. The client is found by
 * {@link ClientAddress}: the TCP peer, or behind a reverse proxy on a private address the address
 * the proxy forwarded. Thread-safe.
 */
public final class ClientLimits {
  /** The limits in force; {@link #defaults()} documents the chosen numbers. */
  public record Rules(
      RateLimiter.Rule connect, RateLimiter.Rule apiKeyFailures, RateLimiter.Rule loginFailures) {
    /**
     * 10 consent starts at once then one per 6 s (10 a minute); 20 wrong API keys then one per 3 s;
     * 5 wrong console sign-ins then one per 12 s.
     */
    public static Rules defaults() {
      return new Rules(
          new RateLimiter.Rule("connect", 10, Duration.ofSeconds(6)),
          new RateLimiter.Rule("api_key_failures", 20, Duration.ofSeconds(3)),
          new RateLimiter.Rule("console_login_failures", 5, Duration.ofSeconds(12)));
    }
  }

  private final RateLimiter connect;
  private final RateLimiter apiKeyFailures;
  private final RateLimiter loginFailures;

  public ClientLimits(Rules rules, LongSupplier nanoTime) {
    Objects.requireNonNull(rules, "rules");
    this.connect = new RateLimiter(rules.connect(), nanoTime);
    this.apiKeyFailures = new RateLimiter(rules.apiKeyFailures(), nanoTime);
    this.loginFailures = new RateLimiter(rules.loginFailures(), nanoTime);
  }

  /** A before-handler: refuses a client that spent its tokens. */
  public void before(Context ctx) {
    String path = route(ctx);
    String ip = client(ctx);
    if (path.startsWith("/connect/")) {
      refuseIf(ctx, connect.tryTake(ip), "Too many sign-ins started from your address");
    } else if (isApi(path)) {
      refuseIf(ctx, apiKeyFailures.exhausted(ip), "Too many requests with a wrong API key");
    } else if (isLogin(ctx)) {
      refuseIf(ctx, loginFailures.exhausted(ip), "Too many failed sign-ins from your address");
    }
  }

  /** An after-handler: counts a refused key or sign-in against the client. */
  public void after(Context ctx) {
    if (ctx.statusCode() != 401) {
      return;
    }
    if (isApi(route(ctx))) {
      apiCallRefused(client(ctx));
    } else if (isLogin(ctx)) {
      loginFailures.record(client(ctx));
    }
  }

  /**
   * True when {@code client} ({@link ClientAddress#of}) has spent its wrong-API-key tokens, so an
   * {@code /api/} request of it is refused with 429 before its key is looked at; spends nothing.
   */
  public boolean refusesApiCalls(String client) {
    return apiKeyFailures.exhausted(client).isPresent();
  }

  /** Counts an {@code /api/} answer 401 against {@code client}, as {@link #after} does. */
  public void apiCallRefused(String client) {
    apiKeyFailures.record(client);
  }

  private static String client(Context ctx) {
    return ClientAddress.of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api/") || path.equals("/refresh-token");
  }

  private static boolean isLogin(Context ctx) {
    return ctx.method() == HandlerType.POST && route(ctx).equals("/console/login");
  }

  /** The path as routes match it: trailing slashes are ignored. */
  private static String route(Context ctx) {
    String p = ctx.path();
    int end = p.length();
    while (end > 1 && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(0, end);
  }

  private static void refuseIf(Context ctx, Optional<Duration> wait, String what) {
    if (wait.isEmpty()) {
      return;
    }
    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    throw new HttpProblem(
        429, "rate_limited", what + "; wait " + seconds + " seconds (Retry-After) and try again.");
  }
}
