package io.signlink.provider;

/** How the client authenticates at the token and revocation endpoints (RFC 6749 §2.3.1). */
public enum ClientAuthMethod {
  /** {@code Authorization: Basic base64(id:secret)}, the default and DocuSign's method. */
  CLIENT_SECRET_BASIC,
  /** {@code client_id} and {@code client_secret} in the form body, as BoldSign's guide shows. */
  CLIENT_SECRET_POST,
  /** Public client (CLI, PKCE only): {@code client_id} in the body, no secret (RFC 8252 §8.5). */
  NONE
}
