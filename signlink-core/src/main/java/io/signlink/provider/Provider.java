package io.signlink.provider;

import io.signlink.provider.oidc.IdTokenVerifier;
import java.util.Objects;

/**
 * One configured provider: its profile, how its accounts are found, and (for OpenID providers) the
 * verifier for its ID tokens. Immutable and thread-safe (its parts are).
 *
 * @param idTokens {@code null} exactly when {@code profile.openId()} is false
 */
public record Provider(
    ProviderProfile profile, AccountResolver accounts, IdTokenVerifier idTokens) {

  public Provider {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(accounts, "accounts");
    if (profile.openId() && idTokens == null) {
      throw new IllegalArgumentException(
          "provider " + profile.id() + " is OpenID Connect and needs an ID-token verifier");
    }
  }

  /** The provider id, as used in URLs and storage. */
  public String id() {
    return profile.id();
  }
}
