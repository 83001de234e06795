/**
 * Terminal login per RFC 8252 (OAuth 2.0 for Native Apps, https://www.rfc-editor.org/rfc/rfc8252).
 *
 * <p>{@link io.signlink.cli.login.LoginCommand} opens a {@link
 * io.signlink.cli.login.LoopbackListener} on {@code 127.0.0.1} with an OS-chosen port (§7.3, §8.3),
 * begins the flow with redirect URI {@code http://127.0.0.1:{port}/callback} and PKCE S256 + state
 * (RFC 7636; §8.1), sends the user's own browser there (§8.12) through a {@link
 * io.signlink.cli.login.BrowserOpener}, and waits for the one callback with the pending state
 * (§8.9); anything else is answered 4xx. The callback goes to core's {@code ConnectFlow} through
 * {@link io.signlink.cli.login.ConnectFlowLogin}, which exchanges the code once and stores the
 * connection. The port is closed on success, failure, timeout and Ctrl-C (SECURITY.md
 * §cli-loopback, §pkce).
 */
package io.signlink.cli.login;
