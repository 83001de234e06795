/**
 * The SignLink HTTP service. {@link io.signlink.server.SignLinkServer} puts Javalin routes in front
 * of a {@link io.signlink.runtime.SignLinkRuntime} (the composition root, in {@code
 * signlink-runtime}): {@code /connect} and {@code /callback} (RFC 6749 §4.1 with PKCE, RFC 7636,
 * and RFC 9700's browser-binding and clean-redirect rules), the API-key protected REST API under
 * {@code /api}, the console, and the operations endpoints. Every route is registered through one
 * {@link io.signlink.server.route.RouteTable}, which is also where {@code /openapi.json} comes
 * from.
 */
package io.signlink.server;
