/**
 * SignLink for Spring Boot: {@link io.signlink.spring.boot.SignLinkAutoConfiguration} opens the
 * runtime from {@code signlink.*} properties ({@link io.signlink.spring.boot.SignLinkProperties})
 * and offers the consent flow (RFC 6749 §4.1 with PKCE, RFC 7636), the token manager, the stores,
 * the API clients and Spring HTTP client interceptors ({@link
 * io.signlink.spring.boot.SignLinkClients}) as beans, with a health indicator. Nothing here makes
 * security decisions of its own: they stay in the core and are cited from there.
 */
package io.signlink.spring.boot;
