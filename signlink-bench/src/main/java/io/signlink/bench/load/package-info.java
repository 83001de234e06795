/**
 * The service load check: how much slower than a health check is it to hand out an access token
 * over the REST API? {@link io.signlink.bench.load.ServerLoadBench} runs the emulator and a real
 * server on loopback, makes one connection through the consent flow (RFC 6749 §4.1, RFC 7636),
 * creates an API key, and drives {@code POST /api/connections/{id}/token} and {@code GET /healthz}
 * with the same closed-loop client ({@link io.signlink.bench.load.LoadDriver}) in the same run. The
 * token answer must come from the token manager's cache (no refresh at the provider), carry {@code
 * Cache-Control: no-store} (RFC 6749 §5.1) and never a refresh token; the benchmark only measures
 * its cost and never reads the token.
 */
package io.signlink.bench.load;
