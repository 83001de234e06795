/**
 * What every SignLink route shares: the JSON error body and how {@code io.signlink.error}
 * exceptions map to it (checklist #80: stable codes, a message that says what to do, no stack
 * trace and no provider body), the security headers on every response (#18 {@code
 * Referrer-Policy: no-referrer}, #25 {@code frame-ancestors 'none'}, #79 {@code no-store}), the
 * access log that never prints a code, state, token, cookie or {@code Authorization} (#22, #74),
 * and HTML escaping for server-rendered pages (#17).
 */
package io.signlink.server.http;
