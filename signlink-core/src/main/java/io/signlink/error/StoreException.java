package io.signlink.error;

/** The token vault could not do what was asked. */
public final class StoreException extends SignLinkException {
  /** What failed. */
  public enum Kind {
    /** A row's ciphertext does not decrypt with any key in the keyset (wrong key, moved row). */
    DECRYPTION_FAILED("decryption_failed"),
    /** The keyset is missing, unreadable or not an AEAD keyset. */
    KEYSET_INVALID("keyset_invalid"),
    /** A compare-and-set lost to another writer; re-read and decide again. */
    CONFLICT("conflict"),
    /** The referenced row does not exist. */
    NOT_FOUND("not_found"),
    /** Schema or migration problem. */
    SCHEMA("schema_error"),
    /**
     * The database cannot be used as configured and retrying will not help: it does not exist, the
     * credentials are refused, the file is not a database or cannot be written.
     */
    UNUSABLE("database_unusable");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String code() {
    return kind.code();
  }
}
