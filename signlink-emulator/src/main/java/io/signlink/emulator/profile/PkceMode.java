package io.signlink.emulator.profile;

/**
 * How the authorization endpoint treats PKCE (RFC 7636).
 *
 * <p>Thread-safe: an immutable enum.
 */
public enum PkceMode {
  /** An S256 challenge is required (RFC 9700 §2.1.1); BoldSign and DocuSign as emulated. */
  REQUIRED,
  /**
   * Checked when the client sends a challenge; required only of public clients (Zoho: mandatory for
   * mobile and desktop apps).
   */
  OPTIONAL,
  /**
   * Not supported: challenge and verifier are ignored, as by providers that do not document PKCE.
   */
  IGNORED
}
