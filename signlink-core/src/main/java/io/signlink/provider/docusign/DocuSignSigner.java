package io.signlink.provider.docusign;

import java.util.Objects;

/**
 * One signer of a DocuSign envelope. Immutable.
 *
 * @param recipientId the envelope-local recipient id, e.g. {@code "1"}
 */
public record DocuSignSigner(String recipientId, String name, String email) {
  public DocuSignSigner {
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
  }
}
