package io.signlink.it.conformance;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider's documentation promises and SignLink must therefore do for it: the properties
 * the conformance suite checks a connection against. One record per provider, written from the
 * provider's documentation (docs/PROVIDERS.md), not from SignLink's code.
 *
 * @param pkce the provider supports PKCE, so the authorization URL must carry an S256 challenge
 * @param rotation what the provider does with the refresh token on a refresh
 * @param revocation the provider has a revocation endpoint; without one, disconnecting deletes the
 *     connection locally only
 * @param idleLimit how long an unused refresh token lives at the provider, or {@code null} when
 *     none is documented (then SignLink keeps no keep-alive for it)
 * @param deniedError the {@code error} value the provider puts on the redirect when the user
 *     declines ({@code access_denied}; Acrobat Sign: {@code ACCESS_DENIED})
 */
record Expectations(
    boolean pkce, Rotation rotation, boolean revocation, Duration idleLimit, String deniedError) {

  /** What a refresh does to the refresh token. */
  enum Rotation {
    /** A new refresh token comes back and the old one is spent: SignLink must store the new one. */
    ROTATING,
    /**
     * The same refresh token stays valid (none, or the same one, comes back): SignLink must keep
     * the original.
     */
    REUSED
  }

  Expectations {
    Objects.requireNonNull(rotation, "rotation");
    Objects.requireNonNull(deniedError, "deniedError");
  }
}
