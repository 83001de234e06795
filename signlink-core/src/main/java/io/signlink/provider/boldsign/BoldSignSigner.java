package io.signlink.provider.boldsign;

import java.util.Objects;

/** One signer of a BoldSign document; gets a signature field on page 1. Immutable. */
public record BoldSignSigner(String name, String emailAddress) {
  public BoldSignSigner {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(emailAddress, "emailAddress");
  }
}
