package io.signlink.provider;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a provider's JSON documents (discovery metadata, JWKS, userinfo) over {@link
 * HttpTransport}: a GET with a size cap (512 KiB by default, SECURITY.md §token-response), the
 * access token only in the {@code Authorization: Bearer} header (RFC 6750 §2.1, SECURITY.md
 * §userinfo), and the status classified: 5xx and 429 are {@link TransientException}, 401 is {@link
 * ProviderRejectedException} {@code invalid_token}, anything else non-2xx or a body that is not a
 * JSON object is {@link InvalidResponseException}. The raw body never reaches a message.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonFetcher {
  /** Cap for metadata and JWKS documents (SECURITY.md §token-response). */
  public static final long DEFAULT_MAX_BYTES = 512 * 1024;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpTransport http;
  private final long maxBytes;

  public JsonFetcher(HttpTransport http) {
    this(http, DEFAULT_MAX_BYTES);
  }

  public JsonFetcher(HttpTransport http, long maxBytes) {
    this.http = Objects.requireNonNull(http, "http");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
  }

  /**
   * GETs {@code uri} and parses the body as a JSON object.
   *
   * @param what names the document in error messages ("DocuSign userinfo", "JWKS of okta")
   * @param bearer the access token to present, or {@code null}
   */
  public Map<String, Object> get(URI uri, Secret bearer, String providerId, String what) {
    return fetch(uri, bearer, providerId, what).json();
  }

  /**
   * A fetched document with how long the provider lets clients cache it.
   *
   * @param maxAge from {@code Cache-Control}: {@code max-age} (zero for {@code no-cache} or {@code
   *     no-store}), empty when the header says neither
   */
  public record Document(Map<String, Object> json, Optional<Duration> maxAge) {}

  /**
   * As {@link #get}, sending the token as {@code Authorization: <authScheme> <token>} for a
   * provider whose API does not say {@code Bearer} (a definition's {@code api.auth_scheme}).
   */
  public Map<String, Object> get(
      URI uri, String authScheme, Secret token, String providerId, String what) {
    return fetch(uri, authScheme, token, providerId, what).json();
  }

  /** As {@link #get}, also reading the response's {@code Cache-Control} (RFC 9111 §5.2.2). */
  public Document fetch(URI uri, Secret bearer, String providerId, String what) {
    return fetch(uri, "Bearer", bearer, providerId, what);
  }

  private Document fetch(
      URI uri, String authScheme, Secret bearer, String providerId, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (bearer != null) {
      request.header("Authorization", authScheme + " " + bearer.reveal());
    }
    HttpResult result = http.send(request.build(), maxBytes);
    requireSuccess(result, providerId, what);
    try {
      return new Document(
          JSONObjectUtils.parse(result.bodyAsString()),
          result.header("Cache-Control").flatMap(JsonFetcher::maxAge));
    } catch (ParseException e) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED,
          what + " from " + providerId + " is not a JSON object; check the configured URL",
          null);
    }
  }

  private static void requireSuccess(HttpResult result, String providerId, String what) {
    int status = result.status();
    if (result.isSuccess()) {
      return;
    }
    if (status == 429) {
      throw new TransientException(
          TransientException.Kind.RATE_LIMITED,
          providerId + " rate-limited the " + what + " request; retry later",
          retryAfter(result),
          false,
          null);
    }
    if (status >= 500) {
      throw new TransientException(
          TransientException.Kind.SERVER_ERROR,
          providerId + " answered " + status + " for the " + what + " request; retry later",
          retryAfter(result),
          false,
          null);
    }
    if (status == 401) {
      throw new ProviderRejectedException(
          providerId,
          "invalid_token",
          null,
          status,
          null,
          "The access token was not accepted for the " + what + "; refresh it and try again");
    }
    throw new InvalidResponseException(
        InvalidResponseException.Kind.UNEXPECTED_STATUS,
        providerId + " answered " + status + " for the " + what + "; check the configured URL");
  }

  /** {@code max-age=N}, or zero for {@code no-cache}/{@code no-store}; empty otherwise. */
  static Optional<Duration> maxAge(String cacheControl) {
    Optional<Duration> found = Optional.empty();
    for (String part : cacheControl.toLowerCase(java.util.Locale.ROOT).split(",")) {
      String directive = part.trim();
      if (directive.equals("no-store") || directive.equals("no-cache")) {
        return Optional.of(Duration.ZERO);
      }
      if (directive.startsWith("max-age=")) {
        String value = directive.substring("max-age=".length()).replace("\"", "").trim();
        if (value.matches("\\d{1,9}")) {
          found = Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
      }
    }
    return found;
  }

  private static Duration retryAfter(HttpResult result) {
    // RFC 9110 §10.2.3: delay-seconds form only; an HTTP-date falls back to the caller's backoff.
    return result
        .header("Retry-After")
        .filter(v -> v.trim().matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
        .orElse(null);
  }
}
