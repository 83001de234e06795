/**
 * SignLink as a library, without HTTP. {@link io.signlink.runtime.SignLinkRuntime} is the
 * composition root: from a {@link io.signlink.runtime.config.SignLinkConfig} it opens metrics and
 * the event fan-out, the provider registry, the encrypted store, webhooks, the token client and
 * consent flow, the token manager and background refresher, in that order, and closes them in
 * reverse. The HTTP service ({@code signlink-server}) and the CLI ({@code signlink-cli}) are built
 * on it; an application can use it directly for the consent flow (RFC 6749 §4.1 with PKCE, RFC
 * 7636), tokens that stay fresh, and provider API clients.
 */
package io.signlink.runtime;
