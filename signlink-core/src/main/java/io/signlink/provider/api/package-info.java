/**
 * What SignLink's provider API clients share: where the bearer token comes from, how one API call
 * is sent and retried, and how the provider's answer becomes a value or a typed error.
 *
 * <p>The flow of one call ({@link io.signlink.provider.api.ApiCaller}): take the current token from
 * a {@link io.signlink.provider.api.BearerTokens} source, send it in the {@code Authorization:
 * Bearer} header (RFC 6750 §2.1, never in the URL, SECURITY.md §api-responses) to the account's own
 * API root ({@link io.signlink.provider.api.ApiUris}: absolute https, http only on loopback —
 * DocuSign's {@code base_uri} is per account, docs/PROVIDERS.md "DocuSign base URI"). A 401 means
 * the token was refused (RFC 6750 §3.1 {@code invalid_token}): under the one rule written in {@link
 * io.signlink.provider.api.BearerTokens#exchange} the source is asked once for a token obtained
 * after the refused one (a forced refresh), and the call is retried once; a second 401 is an error
 * here, never a loop. The same rule drives the adapters for the application's own HTTP clients
 * ({@code io.signlink.httpclient}, OkHttp, Spring, the DocuSign SDK). A 403 ({@code
 * insufficient_scope}, wrong account) is never a reason to refresh ( SECURITY.md §retry-on-401).
 * Everything else is mapped to {@code io.signlink.error}: 4xx → {@link
 * io.signlink.error.ProviderRejectedException} with the provider's own code and message (DocuSign
 * {@code errorCode}/{@code message}, BoldSign {@code error} or RFC 9457 problem details), 429 and
 * 5xx → {@link io.signlink.error.TransientException} with {@code Retry-After} (RFC 9110 §10.2.3,
 * SECURITY.md §provider-faults), an unparsable body → {@link
 * io.signlink.error.InvalidResponseException} (SECURITY.md §token-response).
 *
 * <p>Token sources ({@link io.signlink.provider.api.BearerTokens}): {@link
 * io.signlink.connection.ConnectionBearerTokens} for a stored connection (the token manager keeps
 * it fresh; {@link io.signlink.http.BearerChallenge} decides which 401 a new token can fix), {@link
 * io.signlink.provider.api.GrantTokenCache} for server-to-server grants that need no stored
 * connection (client credentials, RFC 6749 §4.4; JWT bearer, RFC 7523), and a fixed token for code
 * that has neither.
 */
package io.signlink.provider.api;
