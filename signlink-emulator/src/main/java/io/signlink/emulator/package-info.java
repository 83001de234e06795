/**
 * The SignLink emulator: an offline, faithful stand-in for the providers' authorization servers and
 * the API endpoints SignLink calls, for {@code signlink demo} and for tests.
 *
 * <p>{@link io.signlink.emulator.Emulator#start(EmulatorConfig)} runs one Javalin server with every
 * provider of its configuration, each described by a profile ({@link
 * io.signlink.emulator.profile}): BoldSign's OpenID Connect server under {@code /boldsign} and its
 * API under {@code /boldsign-api}; DocuSign's account server under {@code /docusign} and its REST
 * API under {@code /docusign-api}; the other built-in providers and any a test adds under the path
 * prefixes their profiles name (docs/EMULATOR.md); admin endpoints under {@code /_emulator}. The
 * protocol rules it enforces are those of RFC 6749, RFC 7636 (S256 only), RFC 8252 §7.3, RFC 9207,
 * RFC 7009 and RFC 9700 (code reuse and refresh-token reuse revoke the grant); the provider quirks
 * are those written down in {@code docs/PROVIDERS.md}. It deliberately does not depend on
 * signlink-core, so it judges SignLink rather than agreeing with it by construction.
 *
 * <p>{@link io.signlink.emulator.EmulatorMain} is the command-line entry point of the shaded jar.
 */
package io.signlink.emulator;
