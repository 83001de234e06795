/**
 * The one list of routes: every handler is registered through {@link
 * io.signlink.server.route.RouteTable}, which also records what the OpenAPI 3 document ({@code
 * /openapi.json}) says about it, so the document cannot drift from what the server answers.
 */
package io.signlink.server.route;
