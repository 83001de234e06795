/**
 * What every SignLink route shares: the JSON error body and how {@code io.signlink.error}
 * exceptions map to it (SECURITY.md §errors: stable codes, a message that says what to do, no stack
 * trace and no provider body), the security headers on every response (SECURITY.md §callback-page
 * {@code Referrer-Policy: no-referrer}, SECURITY.md §web-headers {@code frame-ancestors 'none'},
 * SECURITY.md §api-responses {@code no-store}), the access log that never prints a code, state,
 * token, cookie or {@code Authorization} (SECURITY.md §redaction), and HTML escaping for
 * server-rendered pages (SECURITY.md §authorization-errors).
 */
package io.signlink.server.http;
