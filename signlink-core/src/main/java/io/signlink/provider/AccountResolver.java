package io.signlink.provider;

import io.signlink.oauth.TokenSet;
import io.signlink.provider.oidc.IdTokenClaims;

/**
 * Finds who signed in and which provider accounts the connection can act on, after a code exchange:
 * the subject from the validated ID token (or userinfo), the accounts from userinfo (DocuSign) or
 * from the profile's regional API host (BoldSign). Implementations are thread-safe.
 */
@FunctionalInterface
public interface AccountResolver {

  /**
   * Resolves the identity behind {@code tokens}.
   *
   * @param idClaims the validated ID-token claims, or {@code null} when the provider issues none
   * @throws io.signlink.error.InvalidResponseException when userinfo is malformed, names another
   *     subject than the ID token (SECURITY.md §userinfo), or lists no usable account
   */
  ResolvedIdentity resolve(ProviderProfile profile, TokenSet tokens, IdTokenClaims idClaims);
}
