/**
 * Log redaction: {@link io.signlink.server.logging.Redaction} masks anything that looks like a
 * credential (bearer tokens, API keys, JWTs, {@code code=}/{@code state=}/{@code *_token=} values,
 * cookies) and strips control characters, as a last line of defence behind {@link
 * io.signlink.oauth.Secret} (SECURITY.md §redaction, §log-injection). The access log uses it
 * directly; the runnable {@code signlink} jar applies it to every log line through its Logback
 * converters. This library ships no logging backend and no Logback configuration.
 */
package io.signlink.server.logging;
