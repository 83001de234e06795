/**
 * The browser half of the consent flow (RFC 6749 §4.1, RFC 7636, RFC 9700 §2.1).
 *
 * <p>{@code GET /connect/{provider}?owner=…[&return_to=/local/path]} begins: a random binding
 * cookie (HttpOnly, SameSite=Lax so it survives the provider's top-level redirect back, Secure over
 * https) identifies this browser, and only its SHA-256 goes into the server-side pending
 * authorization (SECURITY.md §state); the browser is sent to the provider with 303.
 *
 * <p>{@code GET /callback/{provider}} completes: only {@code code}, {@code state}, {@code iss},
 * {@code error} and {@code error_description} are read (tokens in the front channel are ignored,
 * SECURITY.md §callback-page), the core flow checks state, expiry, browser, provider and issuer
 * (SECURITY.md §state, §pending-authorizations, §issuer-check), and the browser is sent on with 303
 * to a clean URL with no code or state in it (SECURITY.md §callback-page), or to the allow-listed
 * local return path (SECURITY.md §open-redirect). Every refusal is a friendly, escaped HTML page
 * with a way to start again (SECURITY.md §authorization-errors, §pending-authorizations); responses
 * carry {@code Cache-Control: no-store} and {@code Referrer-Policy: no-referrer}.
 */
package io.signlink.server.connect;
