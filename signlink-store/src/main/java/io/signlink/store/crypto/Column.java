package io.signlink.store.crypto;

/**
 * The encrypted columns. Each one's name is part of the associated data, so a ciphertext copied
 * from one column or row to another no longer decrypts (SECURITY.md §encryption).
 */
public enum Column {
  CONNECTION_TOKENS("connections.token_ciphertext"),
  PENDING_VERIFIER("pending_authorizations.verifier_ciphertext"),
  PENDING_NONCE("pending_authorizations.nonce_ciphertext"),
  KEY_CHECK("key_check.ciphertext"),
  APPLICATION_WEBHOOK_SECRET("applications.webhook_secret_ciphertext");

  private final String qualifiedName;

  Column(String qualifiedName) {
    this.qualifiedName = qualifiedName;
  }

  public String qualifiedName() {
    return qualifiedName;
  }
}
