package io.signlink.server.connect;

import java.util.regex.Pattern;

/**
 * Which {@code return_to} values are accepted (SECURITY.md §open-redirect): local console paths
 * only — a leading single slash, then letters, digits and {@code / - _ .}, no {@code ..}, at most
 * 200 characters. Anything else (absolute URLs, {@code //host}, {@code /\host}, encoded slashes,
 * {@code javascript:}, CR/LF) is refused. Stateless.
 */
public final class ReturnPaths {
  private static final Pattern SAFE = Pattern.compile("/console(/[A-Za-z0-9._-]+)*/?");

  private ReturnPaths() {}

  public static boolean isAllowed(String path) {
    return path != null
        && path.length() <= 200
        && SAFE.matcher(path).matches()
        && !path.contains("..");
  }
}
