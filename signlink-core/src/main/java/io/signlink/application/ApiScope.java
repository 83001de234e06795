package io.signlink.application;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API key may do (SECURITY.md §api-auth, §applications). Scopes never cross applications:
 * even {@link #ADMIN} acts within its own application, except in the {@link Application#DEFAULT_ID
 * default} application, whose admin keys are the operator's and manage every application and key.
 */
public enum ApiScope {
  /** Access tokens, the proxy, refresh; reading connections. */
  TOKENS_READ("tokens:read"),
  /** Reading, deleting and re-pointing connections. */
  CONNECTIONS_MANAGE("connections:manage"),
  /** Creating connect sessions for end users. */
  CONNECT_SESSIONS_CREATE("connect-sessions:create"),
  /** Everything above, plus the application's keys and settings. */
  ADMIN("admin");

  /** What keys made before scopes existed can do: everything they could do then. */
  public static final Set<ApiScope> LEGACY =
      EnumSet.of(TOKENS_READ, CONNECTIONS_MANAGE, CONNECT_SESSIONS_CREATE);

  private final String wireName;

  ApiScope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ApiScope> fromWire(String name) {
    for (ApiScope s : values()) {
      if (s.wireName.equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses space- or comma-separated scope names.
   *
   * @throws IllegalArgumentException naming the unknown scope and the known ones
   */
  public static Set<ApiScope> parse(String text) {
    Set<ApiScope> out = EnumSet.noneOf(ApiScope.class);
    if (text == null) {
      return out;
    }
    for (String part : text.split("[\\s,]+")) {
      if (part.isBlank()) {
        continue;
      }
      out.add(
          fromWire(part)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown scope '" + part + "'; use one of " + known())));
    }
    return out;
  }

  /** The scopes as stored: wire names separated by one space, in declaration order. */
  public static String format(Set<ApiScope> scopes) {
    return scopes.stream().sorted().map(ApiScope::wireName).collect(Collectors.joining(" "));
  }

  /** Every scope name, for messages. */
  public static String known() {
    Set<String> names = new LinkedHashSet<>();
    for (ApiScope s : values()) {
      names.add(s.wireName);
    }
    return String.join(", ", names);
  }
}
