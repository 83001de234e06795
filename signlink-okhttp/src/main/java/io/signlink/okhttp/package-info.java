/**
 * SignLink's tokens in OkHttp. {@link io.signlink.okhttp.BearerTokenInterceptor} sends the
 * connection's current token on every call (<a
 * href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>); {@link
 * io.signlink.okhttp.BearerTokenAuthenticator} answers a 401 that refuses it with one refreshed
 * token, and OkHttp sends the request once more. Both follow the rule of {@link
 * io.signlink.provider.api.BearerTokens} (SECURITY.md §retry-on-401); {@link
 * io.signlink.okhttp.SignLinkOkHttp#install} adds the pair to a client builder.
 */
package io.signlink.okhttp;
