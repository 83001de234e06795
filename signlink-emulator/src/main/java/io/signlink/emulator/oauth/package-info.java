/**
 * The authorization-server engine both emulated providers share.
 *
 * <p>The flow: {@link io.signlink.emulator.oauth.AuthorizeEndpoint} validates an authorization
 * request (RFC 6749 §4.1.1; PKCE S256 required, RFC 7636 / RFC 9700 §2.1.1; exact redirect URIs
 * with RFC 8252 §7.3's any-port loopback rule) and either redirects at once (auto-approve, {@code
 * prompt=none}) or shows the consent page ({@link io.signlink.emulator.oauth.HtmlPages}), whose
 * form {@link io.signlink.emulator.oauth.ConsentEndpoint} receives. A code goes back to the client
 * (with {@code iss} when RFC 9207 is on). {@link io.signlink.emulator.oauth.TokenEndpoint}
 * authenticates the client ({@link io.signlink.emulator.oauth.ClientAuthenticator}) and hands the
 * request to one {@link io.signlink.emulator.oauth.GrantHandler} per grant type; all codes, grants
 * and tokens live in {@link io.signlink.emulator.oauth.TokenStore}, which makes code redemption
 * single-use (RFC 6749 §4.1.2, reuse revokes) and refresh tokens rotating with family revocation on
 * reuse (RFC 9700 §4.14.2). {@link io.signlink.emulator.oauth.ProviderRules} holds what differs
 * between BoldSign and DocuSign.
 *
 * <p>These classes are the emulator's internals, public only so the provider packages can mount
 * them; tests and SignLink use {@link io.signlink.emulator.Emulator}.
 */
package io.signlink.emulator.oauth;
