package io.signlink.server.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code signlink.access} logger: method, path, masked query, status,
 * milliseconds. Never a header (so no {@code Authorization}, {@code Cookie} or {@code Set-Cookie}),
 * never a body; the whole query of {@code /callback/*} is masked because it carries the code and
 * state (SECURITY.md §redaction), and elsewhere the values of credential-like parameters are
 * (SECURITY.md §redaction). Thread-safe.
 */
public final class AccessLog implements RequestLogger {
  /** Also told about every request, e.g. to time it. */
  @FunctionalInterface
  public interface Observer {
    /**
     * @param route the matched route template ({@link ErrorResponder#routeOf}), or {@code
     *     unmatched}
     */
    void observe(String method, String route, int status, float ms);
  }

  private static final Logger LOG = LoggerFactory.getLogger("signlink.access");
  private static final Set<String> SECRET_PARAMS =
      Set.of(
          "code",
          "state",
          "token",
          "access_token",
          "refresh_token",
          "id_token",
          "key",
          "api_key",
          "secret",
          "client_secret",
          "password",
          "session",
          "nonce",
          "code_verifier",
          "csrf");
  private static final Pattern PARAM = Pattern.compile("([^&=]+)=([^&]*)");

  private final Observer observer;
  private final LogSampler refusals;

  /** Logs every request but those refused with 429, of which 20 a minute are logged. */
  public AccessLog(Observer observer) {
    this(observer, new LogSampler(20, Duration.ofMinutes(1), System::nanoTime));
  }

  /**
   * @param refusals samples the lines of requests refused with 429 (a client over its rate limit
   *     must not turn each refused request into a log line, SECURITY.md §rate-limits)
   */
  public AccessLog(Observer observer, LogSampler refusals) {
    this.observer = observer;
    this.refusals = refusals;
  }

  @Override
  public void handle(Context ctx, Float ms) {
    record(
        ctx.method().name(),
        ctx.path(),
        ctx.queryString(),
        ErrorResponder.routeOf(ctx),
        ctx.statusCode(),
        ms);
  }

  /**
   * Logs and times one request; what {@link #handle} does for Javalin's routes, for a route served
   * below Javalin (the API proxy).
   *
   * @param route the route template the request matched
   */
  public void record(String method, String path, String query, String route, int status, float ms) {
    observer.observe(method, route, status, ms);
    // Answered proxy calls are the hot path (timed by the observer above); a line each at INFO
    // would cost more than the forwarding itself, so they log at DEBUG and only failures at INFO.
    boolean quiet = status < 400 && path.contains("/proxy/");
    if (quiet ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    String note = "";
    if (status == 429) {
      LogSampler.Decision d = refusals.next();
      if (!d.log()) {
        return;
      }
      note =
          d.suppressedBefore() == 0 ? "" : " (" + d.suppressedBefore() + " more 429s not logged)";
    }
    String masked = maskQuery(path, query);
    String format = "method={} path=\"{}\"{} status={} ms={}{}";
    Object[] args = {
      method,
      clean(path),
      masked == null ? "" : " query=\"" + masked + "\"",
      status,
      Math.round(ms),
      note
    };
    if (quiet) {
      LOG.debug(format, args);
    } else {
      LOG.info(format, args);
    }
  }

  /** The query as it may be logged, or {@code null} when there is none. */
  public static String maskQuery(String path, String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    if (path.startsWith("/callback")) {
      return "[masked]";
    }
    Matcher m = PARAM.matcher(query);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      boolean secret =
          SECRET_PARAMS.contains(name) || name.contains("token") || name.contains("secret");
      m.appendReplacement(
          sb, Matcher.quoteReplacement(m.group(1) + "=" + (secret ? "[masked]" : m.group(2))));
    }
    m.appendTail(sb);
    return clean(sb.toString());
  }

  /** No CR/LF or quotes from the request into the log line (SECURITY.md §log-injection). */
  private static String clean(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 300));
    for (int i = 0; i < s.length() && i < 300; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) || c == '"' ? '_' : c);
    }
    return sb.toString();
  }
}
