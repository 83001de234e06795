/**
 * Log redaction: the Logback converter behind {@code %redacted} masks anything that looks like a
 * credential (bearer tokens, API keys, JWTs, {@code code=}/{@code state=}/{@code *_token=} values,
 * cookies) in every message and stack trace line, as a last line of defence behind {@link
 * io.signlink.oauth.Secret} (SECURITY.md §redaction) and strips control characters (SECURITY.md
 * §log-injection).
 */
package io.signlink.server.logging;
