package io.signlink.emulator.profile;

/**
 * What a refresh does to the refresh token it was given.
 *
 * <p>Thread-safe: an immutable enum.
 */
public enum Rotation {
  /**
   * A new refresh token every time; the old one is spent and presenting it again revokes the grant
   * (RFC 9700 §4.14.2) unless the configured reuse grace allows it (BoldSign, DocuSign, SignNow,
   * PandaDoc).
   */
  ROTATING,
  /**
   * The same refresh token stays valid and the answer carries none (Acrobat Sign, Zoho): a client
   * must keep the original.
   */
  REUSED,
  /** The same refresh token stays valid and the answer repeats it (Dropbox Sign). */
  ECHOED
}
