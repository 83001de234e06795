package io.signlink.provider;

import io.signlink.provider.oidc.IdTokenVerifier;
import java.util.Map;
import java.util.Objects;

/**
 * One configured provider: its profile, how its accounts are found, and (for OpenID providers) the
 * verifier for its ID tokens. Immutable and thread-safe (its parts are).
 *
 * @param idTokens {@code null} exactly when {@code profile.openId()} is false
 * @param callbackValues the redirect's per-connection hosts ({@link CallbackValues#NONE} for none)
 */
public record Provider(
    ProviderProfile profile,
    AccountResolver accounts,
    IdTokenVerifier idTokens,
    CallbackValues callbackValues) {

  /** A provider whose redirect decides no hosts. */
  public Provider(ProviderProfile profile, AccountResolver accounts, IdTokenVerifier idTokens) {
    this(profile, accounts, idTokens, CallbackValues.NONE);
  }

  public Provider {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(accounts, "accounts");
    callbackValues = callbackValues == null ? CallbackValues.NONE : callbackValues;
    if (profile.openId() && idTokens == null) {
      throw new IllegalArgumentException(
          "provider " + profile.id() + " is OpenID Connect and needs an ID-token verifier");
    }
  }

  /**
   * The profile of one connection: the configured one, with the endpoints and API base its kept
   * callback values name (Acrobat Sign's shard, Zoho's data centre).
   *
   * @throws io.signlink.error.ConfigurationException when a kept value is no longer allowed
   */
  public ProviderProfile profileFor(Map<String, String> values) {
    return values == null || values.isEmpty() ? profile : callbackValues.profile(profile, values);
  }

  /** The provider id, as used in URLs and storage. */
  public String id() {
    return profile.id();
  }
}
