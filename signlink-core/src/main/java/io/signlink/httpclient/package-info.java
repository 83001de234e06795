/**
 * SignLink's tokens in the application's own HTTP client. {@link
 * io.signlink.httpclient.SignLinkHttpClient} wraps a JDK {@link java.net.http.HttpClient}: every
 * request goes out with the connection's current bearer token (<a
 * href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>), and a 401 that
 * refuses the token is refreshed once and retried once under the rule of {@link
 * io.signlink.provider.api.BearerTokens} (SECURITY.md §retry-on-401). The OkHttp, Spring and
 * DocuSign SDK adapters live in their own modules and follow the same rule.
 */
package io.signlink.httpclient;
