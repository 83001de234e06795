/**
 * What every SignLink route shares: the JSON error body and how {@code io.signlink.error}
 * exceptions map to it (SECURITY.md §errors: stable codes, a message that says what to do, no stack
 * trace and no provider body), the security headers on every response (SECURITY.md §callback-page
 * {@code Referrer-Policy: no-referrer}, SECURITY.md §web-headers {@code frame-ancestors 'none'},
 * SECURITY.md §api-responses {@code no-store}), the access log that never prints a code, state,
 * token, cookie or {@code Authorization} (SECURITY.md §redaction), and HTML escaping for
 * server-rendered pages (SECURITY.md §authorization-errors).
 *
 * <p>And the checks every request passes before any route, wired in one place ({@code
 * SignLinkServer.guard}): the dev-mode {@link io.signlink.server.http.HostCheck} (SECURITY.md
 * §dns-rebinding), {@link io.signlink.server.http.UrlCheck} for malformed %-escapes (SECURITY.md
 * §malformed-requests), {@link io.signlink.server.http.RequestLimits}, the body cap that holds for
 * chunked bodies too (SECURITY.md §request-limits), and {@link
 * io.signlink.server.http.ClientLimits}, per-client-IP token buckets on {@code /connect}, wrong API
 * keys and failed console sign-ins (SECURITY.md §rate-limits).
 */
package io.signlink.server.http;
