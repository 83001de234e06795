package io.signlink.emulator.profile;

import java.util.Objects;

/**
 * Where an endpoint lives: a named host of the profile and a path on it. A path may end with a
 * query flag ({@code /oauth/token?refresh}): the endpoint then answers on the same path when the
 * flag is present.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param host a key of the profile's {@code hosts}
 * @param path the path on that host, starting with {@code /}
 */
public record Endpoint(String host, String path) {

  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("an endpoint path starts with '/', was '" + path + "'");
    }
  }

  /** The path without a query flag. */
  public String routePath() {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** The query flag ({@code refresh} for {@code /oauth/token?refresh}), or {@code null}. */
  public String queryFlag() {
    int q = path.indexOf('?');
    return q < 0 ? null : path.substring(q + 1);
  }
}
