package io.signlink.provider.oidc;

import io.signlink.oauth.Secret;

/** Validates ID tokens of one provider. Thread-safe. (Stub: implementation follows.) */
public final class IdTokenVerifier {

  public IdTokenClaims verify(Secret idToken, Secret expectedNonce) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public IdTokenClaims verifyRefreshed(Secret idToken, IdTokenClaims original) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
