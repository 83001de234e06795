package io.signlink.store.apikey;

import io.signlink.oauth.Secret;
import java.util.Objects;

/**
 * A freshly created API key: the stored record and the plaintext key, which exists only here and
 * must be shown to the operator once (it cannot be recovered later). Immutable; {@code toString()}
 * is redacted because the key is a {@link Secret}.
 */
public record IssuedApiKey(ApiKey apiKey, Secret plaintext) {
  public IssuedApiKey {
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(plaintext, "plaintext");
  }
}
