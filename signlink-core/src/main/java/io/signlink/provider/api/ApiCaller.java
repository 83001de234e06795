package io.signlink.provider.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.http.BearerChallenge;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one provider API call with a bearer token and turns the answer into JSON or a typed error.
 *
 * <p>The call runs under the one rule of {@link BearerTokens#exchange}: on a 401 that refuses the
 * token, one refresh and one retry; the refusal that survives it, or a source that has nothing
 * newer, ends in a {@link io.signlink.error.ProviderRejectedException}. A 403 never refreshes: a
 * new token would not change what the account may do (RFC 6750 §3.1 {@code insufficient_scope},
 * SECURITY.md §retry-on-401). The token travels only in the {@code Authorization} header
 * (SECURITY.md §api-responses). Thread-safe; holds no per-call state.
 */
public final class ApiCaller {
  private final HttpTransport transport;
  private final ApiCallSettings settings;
  private final ApiResponses responses;
  private final DocumentDownloads downloads;
  private final String authScheme;

  /** Budget for a call that uploads or downloads a document (the bytes may take a while). */
  public static final java.time.Duration TRANSFER_TIMEOUT = java.time.Duration.ofMinutes(10);

  /** A request body that can be produced afresh for each attempt (SECURITY.md §retry-on-401). */
  @FunctionalInterface
  public interface Body {
    HttpRequest.BodyPublisher publisher() throws java.io.IOException;
  }

  /**
   * @param providerName how errors name the provider, e.g. {@code "DocuSign"}
   * @param errorReader reads the provider's error body shape
   */
  public ApiCaller(
      HttpTransport transport,
      ApiCallSettings settings,
      String providerName,
      ApiErrorReader errorReader) {
    this(transport, settings, providerName, errorReader, "Bearer");
  }

  /**
   * As {@link #ApiCaller(HttpTransport, ApiCallSettings, String, ApiErrorReader)}, sending the
   * token as {@code Authorization: <authScheme> <token>} (a provider definition's {@code
   * api.auth_scheme}, e.g. Zoho's {@code Zoho-oauthtoken}).
   */
  public ApiCaller(
      HttpTransport transport,
      ApiCallSettings settings,
      String providerName,
      ApiErrorReader errorReader,
      String authScheme) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.authScheme = Objects.requireNonNull(authScheme, "authScheme");
    if (!authScheme.matches("[A-Za-z][A-Za-z0-9._~+/-]*")) {
      throw new IllegalArgumentException("authScheme must be an HTTP auth scheme token");
    }
    this.responses = new ApiResponses(providerName, errorReader, settings.clock());
    this.downloads = new DocumentDownloads(responses, TRANSFER_TIMEOUT, authScheme);
  }

  /**
   * {@code method uri} with a body of {@code contentType}, answered with JSON; the body is produced
   * again for the one retry after a 401. Same errors as {@link #getJson}.
   */
  public JsonNode sendJson(
      String method, URI uri, String contentType, Body body, BearerTokens tokens) {
    Objects.requireNonNull(body, "body");
    AtomicReference<Secret> lastToken = new AtomicReference<>();
    AtomicInteger attempts = new AtomicInteger();
    HttpResult result =
        tokens.call(
            token -> {
              lastToken.set(token);
              attempts.incrementAndGet();
              HttpRequest.BodyPublisher publisher;
              try {
                publisher = body.publisher();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read the document to send", e);
              }
              return transport.send(
                  HttpRequest.newBuilder(uri)
                      .timeout(TRANSFER_TIMEOUT)
                      .header("Authorization", authScheme + " " + token.reveal())
                      .header("Accept", "application/json")
                      .header("Content-Type", contentType)
                      .method(method, publisher)
                      .build(),
                  settings.maxResponseBytes());
            },
            BearerChallenge::refusesToken);
    if (result.status() == 401) {
      throw responses.unauthorized(result, lastToken.get(), attempts.get() > 1);
    }
    return responses.json(result, lastToken.get());
  }

  /**
   * Streams a binary answer (a document) to {@code target}, which appears only once the whole body
   * arrived; returns its size. Same errors as {@link #getJson}; a transfer cut short is a {@link
   * io.signlink.error.TransientException}.
   */
  public long download(URI uri, java.nio.file.Path target, BearerTokens tokens) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(tokens, "tokens");
    return downloads.download(uri, target, tokens);
  }

  /**
   * {@code GET uri} as JSON ({@link com.fasterxml.jackson.databind.node.MissingNode} for an empty
   * 2xx body).
   *
   * @throws io.signlink.error.ProviderRejectedException 4xx other than 429, including a 401 that
   *     survived one refresh
   * @throws io.signlink.error.TransientException 429, 5xx, timeouts, network failures
   * @throws io.signlink.error.InvalidResponseException malformed or oversized body, 1xx/3xx
   * @throws io.signlink.error.ReauthRequiredException when the refresh finds the grant dead
   */
  public JsonNode getJson(URI uri, BearerTokens tokens) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(tokens, "tokens");
    AtomicReference<Secret> lastToken = new AtomicReference<>();
    AtomicInteger attempts = new AtomicInteger();
    HttpResult result =
        tokens.call(
            token -> {
              lastToken.set(token);
              attempts.incrementAndGet();
              return send(uri, token);
            },
            BearerChallenge::refusesToken);
    if (result.status() == 401) {
      throw responses.unauthorized(result, lastToken.get(), attempts.get() > 1);
    }
    return responses.json(result, lastToken.get());
  }

  private HttpResult send(URI uri, Secret token) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Authorization", authScheme + " " + token.reveal())
            .header("Accept", "application/json")
            .GET()
            .build();
    return transport.send(request, settings.maxResponseBytes());
  }
}
