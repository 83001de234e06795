package io.signlink.provider.docusign;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One document to put in a DocuSign envelope. Immutable.
 *
 * @param documentId the envelope-local id DocuSign uses in URLs (digits, e.g. {@code "1"})
 * @param name the name recipients see, e.g. {@code "NDA.pdf"}
 * @param file the bytes, read when the envelope is sent
 */
public record DocuSignDocument(String documentId, String name, Path file) {
  public DocuSignDocument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    if (documentId == null || !documentId.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("documentId must be a positive number, e.g. \"1\"");
    }
  }
}
