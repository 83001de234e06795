/**
 * SignLink's tokens in Spring's HTTP clients: {@link
 * io.signlink.spring.web.BearerTokenRequestInterceptor} for {@code RestClient} and {@code
 * RestTemplate}, {@link io.signlink.spring.web.BearerTokenExchangeFilter} for {@code WebClient}.
 * Both send the connection's current token (<a
 * href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>) and follow the rule
 * of {@link io.signlink.provider.api.BearerTokens}: one refresh and one retry after a 401 that
 * refuses the token, a second 401 returned (SECURITY.md §retry-on-401).
 */
package io.signlink.spring.web;
