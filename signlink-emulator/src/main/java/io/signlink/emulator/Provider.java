package io.signlink.emulator;

import java.util.Locale;

/**
 * The providers the emulator stands in for. The emulator keeps its own enum instead of core's
 * {@code ProviderKind} because it must not depend on signlink-core: it judges SignLink
 * independently.
 *
 * <p>Thread-safe: an immutable enum.
 */
public enum Provider {
  BOLDSIGN("BoldSign"),
  DOCUSIGN("DocuSign");

  private final String displayName;

  Provider(String displayName) {
    this.displayName = displayName;
  }

  /** The lower-case id used in paths ({@code /boldsign}, {@code /docusign}) and stats keys. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String displayName() {
    return displayName;
  }
}
