/**
 * Commands on stored connections: {@code connections}, {@code token}, {@code refresh}, {@code
 * revoke} (RFC 7009), {@code whoami} (userinfo) and {@code call} (the provider API with one refresh
 * on 401, RFC 6750 §3.1). {@link io.signlink.cli.connection.ConnectionResolver} finds a connection
 * by id or unique prefix and is the one home of the "run {@code signlink login …}" advice for a
 * connection that needs re-consent (exit 3).
 */
package io.signlink.cli.connection;
