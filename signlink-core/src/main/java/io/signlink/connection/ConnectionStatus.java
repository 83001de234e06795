package io.signlink.connection;

/** Where a connection stands. */
public enum ConnectionStatus {
  /** Tokens are usable or refreshable. */
  ACTIVE,
  /** The grant is dead ({@code invalid_grant} after a re-read); the user must consent again. */
  REAUTH_REQUIRED,
  /** The user or an operator revoked it; kept only until deleted. */
  REVOKED
}
