/**
 * The SignLink HTTP service. {@link io.signlink.server.SignLinkRuntime} is the composition root:
 * from a {@link io.signlink.server.config.SignLinkConfig} it opens metrics and the event fan-out,
 * the provider registry, the encrypted store, webhooks, the token client and consent flow, the
 * token manager and background refresher, in that order, and closes them in reverse. {@link
 * io.signlink.server.SignLinkServer} puts Javalin routes in front of a runtime: {@code /connect}
 * and {@code /callback} (RFC 6749 §4.1 with PKCE, RFC 7636, and RFC 9700's browser-binding and
 * clean-redirect rules), the API-key protected REST API under {@code /api}, the console, and the
 * operations endpoints. Every route is registered through one {@link
 * io.signlink.server.route.RouteTable}, which is also where {@code /openapi.json} comes from.
 */
package io.signlink.server;
