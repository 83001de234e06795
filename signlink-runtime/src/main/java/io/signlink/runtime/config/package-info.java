/**
 * How the SignLink service is configured: environment variables ({@code SIGNLINK_*}) over an
 * optional properties file ({@code SIGNLINK_CONFIG=path} or {@code --config}), or a programmatic
 * {@link io.signlink.runtime.config.SignLinkConfig.Builder} (the CLI's {@code demo} command points
 * it at the emulator).
 *
 * <p>Validation happens once, before anything starts: a missing or invalid value is a {@link
 * io.signlink.error.ConfigurationException} naming the variable and showing a valid value, and the
 * service refuses to start. Two rules come from docs/SECURITY.md: redirect URIs are {@code
 * {SIGNLINK_PUBLIC_URL}/callback/{provider}}, fixed configuration and never derived from request
 * headers (SECURITY.md §redirect-uri, RFC 9700 §4.1.3), and a public URL that is not loopback must
 * be https (SECURITY.md §web-headers, RFC 8252 §7.3 allows plain http only on loopback).
 */
package io.signlink.runtime.config;
