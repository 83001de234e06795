/**
 * The web console: server-rendered HTML (no build step, no inline script, nothing loaded from
 * elsewhere — SECURITY.md §callback-page, §web-headers). It lists connections with their token
 * expiry counting down ({@code console.js}), offers a Connect button per provider, and per
 * connection refresh, a test call against the provider API, and revoke — each a POST form carrying
 * the session's CSRF token, answered with 303 and a flash message (SECURITY.md §web-headers).
 * REAUTH_REQUIRED connections get a re-consent link (SECURITY.md §dead-grant).
 */
package io.signlink.server.console;
