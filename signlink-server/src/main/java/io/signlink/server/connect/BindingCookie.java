package io.signlink.server.connect;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.signlink.server.auth.RandomTokens;
import java.util.Objects;

/**
 * The cookie that ties a consent flow to the browser that began it (SECURITY.md §state,
 * §binding-cookie). Its value is always minted here from 256 random bits — a value the browser
 * brings is never adopted — and only its SHA-256 is stored. Over https it is {@code
 * __Host-signlink_binding}: Secure, Path=/ and no Domain, so a sibling subdomain or a plain-http
 * response cannot plant one. HttpOnly; SameSite=Lax, not Strict, because the provider's redirect
 * back is a cross-site top-level GET that must carry it. Thread-safe.
 */
public final class BindingCookie {
  public static final String PLAIN_NAME = "signlink_binding";
  public static final String HOST_NAME = "__Host-signlink_binding";
  private static final int MAX_AGE_SECONDS = 3600;

  private final RandomTokens random;
  private final boolean https;

  public BindingCookie(RandomTokens random, boolean https) {
    this.random = Objects.requireNonNull(random, "random");
    this.https = https;
  }

  /** The cookie's name: {@code __Host-} prefixed over https. */
  public String name() {
    return https ? HOST_NAME : PLAIN_NAME;
  }

  /** Mints a fresh value, sets it on the response and returns it. */
  public String mint(Context ctx) {
    String value = random.next();
    Cookie c = new Cookie(name(), value);
    c.setPath("/");
    c.setHttpOnly(true);
    c.setSecure(https);
    c.setSameSite(SameSite.LAX);
    c.setMaxAge(MAX_AGE_SECONDS);
    ctx.cookie(c);
    return value;
  }

  /** The value this browser sent, or {@code null} when absent or not of the minted shape. */
  public String read(Context ctx) {
    String v = ctx.cookie(name());
    return v == null || v.length() != 43 ? null : v;
  }
}
