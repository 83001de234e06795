package io.signlink.http;

import java.net.http.HttpRequest;

/**
 * Port: how SignLink talks HTTP to providers. The default is {@code JdkHttpTransport} on the JDK's
 * {@link java.net.http.HttpClient}; tests may wrap it to count or fault requests.
 *
 * <p>Contract for every implementation: connect and request timeouts on every call; redirects are
 * never followed (a token request must not be re-sent elsewhere, SECURITY.md §transport); the
 * response body is read up to {@code maxResponseBytes} and the call fails with {@link
 * io.signlink.error.InvalidResponseException} ({@code OVERSIZED}) beyond it, without buffering the
 * rest (SECURITY.md §token-response); network failures become {@link
 * io.signlink.error.TransientException} with {@code outcomeUnknown} set when the request may have
 * reached the server (SECURITY.md §provider-faults, §lost-refresh). Any HTTP status is returned as
 * a result; classifying it is the caller's job. Thread-safe.
 */
public interface HttpTransport {

  /** Sends the request and returns the (size-capped) response. */
  HttpResult send(HttpRequest request, long maxResponseBytes);
}
