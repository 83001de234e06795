/**
 * How SignLink talks HTTP to providers' back channels (token, revocation, discovery, JWKS,
 * userinfo, provider APIs).
 *
 * <p>{@link io.signlink.http.HttpTransport} is the port; {@link io.signlink.http.JdkHttpTransport}
 * the default adapter on the JDK client: TLS with the JVM's trust store and no fallback (RFC 6749
 * §3.2, SECURITY.md §transport), connect and whole-exchange timeouts (SECURITY.md
 * §provider-faults), redirects never followed (RFC 9700 §4.12 by analogy, SECURITY.md §transport),
 * response bodies capped and aborted at the cap (SECURITY.md §token-response), network failures as
 * {@link io.signlink.error.TransientException} with {@code outcomeUnknown} telling whether the
 * request may have arrived (SECURITY.md §token-requests, §lost-refresh). {@link
 * io.signlink.http.ErrorResponses} is the one place a non-2xx status becomes a typed error (RFC
 * 6749 §5.2, SECURITY.md §token-response, §provider-faults), and {@link
 * io.signlink.http.RetryAfter} reads {@code Retry-After} (RFC 9110 §10.2.3).
 */
package io.signlink.http;
