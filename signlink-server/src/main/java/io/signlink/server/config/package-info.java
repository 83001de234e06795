/**
 * How the SignLink service is configured: environment variables ({@code SIGNLINK_*}) over an
 * optional properties file ({@code SIGNLINK_CONFIG=path} or {@code --config}), or a programmatic
 * {@link io.signlink.server.config.SignLinkConfig.Builder} (the CLI's {@code demo} command points
 * it at the emulator).
 *
 * <p>Validation happens once, before anything starts: a missing or invalid value is a {@link
 * io.signlink.error.ConfigurationException} naming the variable and showing a valid value, and the
 * service refuses to start. Two rules come from the security checklist: redirect URIs are {@code
 * {SIGNLINK_PUBLIC_URL}/callback/{provider}}, fixed configuration and never derived from request
 * headers (checklist #9, RFC 9700 §4.1.3), and a public URL that is not loopback must be https
 * (#21, RFC 8252 §7.3 allows plain http only on loopback).
 */
package io.signlink.server.config;
