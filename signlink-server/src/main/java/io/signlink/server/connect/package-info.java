/**
 * The browser half of the consent flow (RFC 6749 §4.1, RFC 7636, RFC 9700 §2.1), started only from
 * a connect session (SECURITY.md §connect-sessions).
 *
 * <p>{@code POST /api/connect-sessions} (API key; {@link ConnectCaller} says which application and
 * checks its scope) creates a single-use session of at most 30 minutes for one owner and returns
 * its token once, in a {@code connect_url}; {@code POST /api/connections/{id}/connect-session}
 * creates one that re-consents that connection only. Return URLs pass a {@link ReturnUrlPolicy}
 * when the session is created and again before the browser is sent there (SECURITY.md
 * §open-redirect).
 *
 * <p>{@code GET /connect?session=…} shows a confirmation page (Mustache, auto-escaped) naming
 * application, provider and account, and sets a fresh binding cookie; its Continue form posts to
 * {@code /connect/{provider}} with an HMAC of that cookie and the session ({@link ConfirmTokens}),
 * so another site can show the page but cannot press Continue. Continue spends the session, mints
 * another binding value ({@link BindingCookie}: never adopted from the browser, {@code __Host-}
 * over https, HttpOnly, SameSite=Lax; SECURITY.md §binding-cookie), stores only its SHA-256 in the
 * pending authorization (SECURITY.md §state) and sends the browser to the provider with 303. The
 * owner comes from the session, never from the request.
 *
 * <p>{@code GET /callback/{provider}} completes: only {@code code}, {@code state}, {@code iss},
 * {@code error} and {@code error_description} are read (SECURITY.md §callback-page), plus the
 * parameters the provider's definition lists in {@code callback_parameters} (Acrobat Sign's shard,
 * Zoho's data centre), the core flow checks state, expiry, browser, provider and issuer
 * (SECURITY.md §state, §pending-authorizations, §issuer-check) and the callback values against the
 * definition's allowed hosts before any request (SECURITY.md §callback-hosts), a reconnect must
 * come back as the same provider user unless the session allows another, and the browser is sent on
 * with 303 to the session's return URL plus {@code connection_id}, the console (for the console's
 * own sessions) or SignLink's {@code /connect/done} page. Every refusal is a friendly page without
 * a link into the operator console; responses carry {@code Cache-Control: no-store} and {@code
 * Referrer-Policy: no-referrer}.
 */
package io.signlink.server.connect;
