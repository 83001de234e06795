package io.signlink.emulator;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A provider the emulator stands in for, named by its profile's id ({@code boldsign}, {@code
 * zohosign}, or the id of a profile a test adds). The emulator keeps its own type instead of core's
 * provider model because it must not depend on signlink-core: it judges SignLink independently.
 *
 * <p>Two providers are equal when their ids are; {@link #BOLDSIGN} and {@link #DOCUSIGN} name the
 * two built-in profiles the emulator started with.
 *
 * <p>Thread-safe: immutable.
 */
public final class Provider implements Comparable<Provider> {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{1,30}");

  public static final Provider BOLDSIGN = new Provider("boldsign", "BoldSign");
  public static final Provider DOCUSIGN = new Provider("docusign", "DocuSign");

  private final String id;
  private final String displayName;

  private Provider(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /**
   * The provider with this id (lower-case letters and digits, starting with a letter: it becomes a
   * path segment and a {@code SIGNLINK_<ID>_…} prefix).
   *
   * @throws IllegalArgumentException for an id of another shape
   */
  public static Provider of(String id, String displayName) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a provider id is 2-31 lower-case letters and digits starting with a letter, was '"
              + id
              + "'");
    }
    if (id.equals(BOLDSIGN.id)) {
      return BOLDSIGN;
    }
    if (id.equals(DOCUSIGN.id)) {
      return DOCUSIGN;
    }
    return new Provider(id, displayName == null || displayName.isBlank() ? id : displayName);
  }

  /** The lower-case id used in paths ({@code /boldsign}, {@code /docusign}) and stats keys. */
  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** The id in upper case, as the enum this class replaced printed it ({@code BOLDSIGN}). */
  public String name() {
    return id.toUpperCase(Locale.ROOT);
  }

  @Override
  public int compareTo(Provider other) {
    return id.compareTo(other.id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Provider p && p.id.equals(id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }

  @Override
  public String toString() {
    return name();
  }
}
