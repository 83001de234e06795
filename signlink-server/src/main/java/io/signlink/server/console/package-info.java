/**
 * The web console: server-rendered HTML (no build step, no inline script, nothing loaded from
 * elsewhere — SECURITY.md §callback-page, §web-headers). It lists connections with their token
 * expiry, offers a Connect button per provider, and per connection refresh, a test call against the
 * provider API, the choice of the provider account calls go to, and revoke — each a POST form
 * carrying the session's CSRF token, answered with 303 and a flash message (SECURITY.md
 * §web-headers); a failure the provider asked to wait out names the wait and its clock time.
 * REAUTH_REQUIRED connections get a re-consent link (SECURITY.md §dead-grant), and a consent
 * started here comes back to a "connected" / "reconnected" banner.
 *
 * <p>While a page is open, {@code console.js} polls {@code /console/state} for status and expiry
 * and counts down on the server's clock, so a refresh made elsewhere shows up and a passed expiry
 * is never shown as a dead token (SECURITY.md §console-state).
 */
package io.signlink.server.console;
