package io.signlink.server.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, kept in memory by the hash of their cookie (a restart logs everyone out, which
 * is acceptable for an operator console). Each session has a CSRF token for its forms and one
 * pending flash message. Expiry is judged on the injected clock. Thread-safe.
 */
public final class ConsoleSessions {
  public static final String COOKIE = "signlink_session";
  static final Duration TTL = Duration.ofHours(8);
  private static final int MAX_SESSIONS = 10_000;

  /**
   * One console session, opened with an API key whose application and id it records: it shows only
   * that application's connections and ends when the key is revoked. The flash is read once.
   */
  public static final class Session {
    private final String csrf;
    private final Instant expiresAt;
    private final ApiPrincipal principal;
    private volatile String flash;
    private volatile boolean flashIsError;

    Session(String csrf, Instant expiresAt, ApiPrincipal principal) {
      this.csrf = csrf;
      this.expiresAt = expiresAt;
      this.principal = principal;
    }

    public String csrf() {
      return csrf;
    }

    /** The key that opened the session, and so its application and scopes. */
    public ApiPrincipal principal() {
      return principal;
    }

    public void flash(String message, boolean error) {
      this.flash = message;
      this.flashIsError = error;
    }

    /** The pending flash message and whether it reports an error, consumed. */
    public Optional<Map.Entry<String, Boolean>> takeFlash() {
      String f = flash;
      flash = null;
      return f == null ? Optional.empty() : Optional.of(Map.entry(f, flashIsError));
    }
  }

  private final Map<String, Session> byCookieHash = new ConcurrentHashMap<>();
  private final RandomTokens random;
  private final Clock clock;
  private final boolean secureCookies;

  public ConsoleSessions(RandomTokens random, Clock clock, boolean secureCookies) {
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.secureCookies = secureCookies;
  }

  /** The live session of this browser, if any. */
  public Optional<Session> current(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    if (cookie == null || cookie.length() > 100) {
      return Optional.empty();
    }
    String key = RandomTokens.hash(cookie);
    Session s = byCookieHash.get(key);
    if (s == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(s.expiresAt)) {
      byCookieHash.remove(key);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /**
   * Opens an operator session (open dev-mode console), see {@link #open(Context, ApiPrincipal)}.
   */
  public Session open(Context ctx) {
    return open(ctx, ApiPrincipal.operator());
  }

  /**
   * Opens a session for the key {@code principal} and sets its cookie: HttpOnly, SameSite=Strict,
   * Secure over https.
   */
  public Session open(Context ctx, ApiPrincipal principal) {
    Objects.requireNonNull(principal, "principal");
    purgeExpired();
    String cookie = random.next();
    Session s = new Session(random.next(), clock.instant().plus(TTL), principal);
    byCookieHash.put(RandomTokens.hash(cookie), s);
    Cookie c = new Cookie(COOKIE, cookie);
    c.setPath("/");
    c.setHttpOnly(true);
    c.setSecure(secureCookies);
    c.setSameSite(SameSite.STRICT);
    c.setMaxAge((int) TTL.toSeconds());
    ctx.cookie(c);
    return s;
  }

  public void close(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null) {
      byCookieHash.remove(RandomTokens.hash(cookie));
    }
    ctx.removeCookie(COOKIE, "/");
  }

  /** Ends every session opened with the key {@code keyId} (it was revoked); returns how many. */
  public int closeAllOf(String keyId) {
    int before = byCookieHash.size();
    byCookieHash.values().removeIf(s -> s.principal.keyId().equals(keyId));
    return before - byCookieHash.size();
  }

  /** Ends the session of this browser without touching its cookie (its key was revoked). */
  public void end(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null) {
      byCookieHash.remove(RandomTokens.hash(cookie));
    }
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    byCookieHash.values().removeIf(s -> !now.isBefore(s.expiresAt));
    if (byCookieHash.size() >= MAX_SESSIONS) {
      byCookieHash.clear();
    }
  }
}
