package io.signlink.oauth;

/** Which kind of token is being revoked (RFC 7009 §2.1 {@code token_type_hint}). */
public enum TokenTypeHint {
  ACCESS_TOKEN,
  REFRESH_TOKEN
}
