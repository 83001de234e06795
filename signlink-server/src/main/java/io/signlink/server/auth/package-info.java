/**
 * Who may call SignLink. Applications present an API key ({@code Authorization: Bearer sk_…}); only
 * its SHA-256 is stored and comparison is constant time. People use the console after pasting an
 * API key once, which opens an HttpOnly, SameSite=Strict session cookie; every console form carries
 * the session's CSRF token. In dev mode on a loopback bind the console opens without a login, but
 * sessions and CSRF tokens still apply. Missing or wrong credentials are a 401 JSON error for the
 * API and the login page for the console, never a 500 (SECURITY.md §api-auth, §errors). A key that
 * verified keeps working while the database is unreachable, and a revocation takes effect within
 * about 5 s of the database answering ({@link io.signlink.server.auth.VerifiedKeyCache},
 * SECURITY.md §database-outage).
 */
package io.signlink.server.auth;
