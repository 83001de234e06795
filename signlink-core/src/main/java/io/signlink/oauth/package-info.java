/**
 * The OAuth 2.0 protocol, client side: what goes on the wire and what comes back.
 *
 * <p>The flow: {@link io.signlink.oauth.AuthorizationRequests} makes the authorization request of
 * the Authorization Code grant (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1">RFC
 * 6749 §4.1</a>) with a random {@code state}, an OpenID {@code nonce} and PKCE {@code S256} (<a
 * href="https://www.rfc-editor.org/rfc/rfc7636">RFC 7636</a>, {@link io.signlink.oauth.Pkce}), and
 * a {@link io.signlink.oauth.PendingAuthorization} kept in a {@link
 * io.signlink.oauth.PendingAuthorizationStore}. At the callback, {@link
 * io.signlink.oauth.AuthorizationCallbacks} consumes that transaction and checks provider, browser,
 * expiry and the issuer (<a href="https://www.rfc-editor.org/rfc/rfc9207">RFC 9207</a>) before
 * anything is sent to the token endpoint. {@link io.signlink.oauth.TokenClient} then sends the
 * grants (code, refresh, client credentials, JWT bearer <a
 * href="https://www.rfc-editor.org/rfc/rfc7523">RFC 7523</a>) and revocation (<a
 * href="https://www.rfc-editor.org/rfc/rfc7009">RFC 7009</a>), and validates each token response
 * into a {@link io.signlink.oauth.TokenSet}. The security rules followed are those of <a
 * href="https://www.rfc-editor.org/rfc/rfc9700">RFC 9700</a>; comments cite the sections of {@code
 * docs/SECURITY.md}.
 *
 * <p>Every credential value is a {@link io.signlink.oauth.Secret}, whose {@code toString()} is
 * redacted, and none is ever logged, put in an exception message or in a URL.
 */
package io.signlink.oauth;
