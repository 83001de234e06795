/**
 * The REST API for applications, behind API keys: list, read and delete connections, hand out a
 * valid access token ({@code POST …/token}, {@code Cache-Control: no-store}, never a refresh token
 * or client secret — SECURITY.md §refresh-tokens-stay, §api-responses), force a refresh, list
 * accounts, and proxy calls to the provider API with the token injected and one refresh-and-retry
 * on a 401 (SECURITY.md §retry-on-401). A key acts for one application with its scopes: another
 * application's connections answer 404 exactly like missing ones (SECURITY.md §applications). The
 * former {@code POST /refresh-token} relay answers 410 Gone and names its replacement. Errors are
 * the stable JSON of {@link io.signlink.server.http.ErrorMapping} (SECURITY.md §errors).
 */
package io.signlink.server.api;
