package io.signlink.emulator.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One API operation a generic profile serves: an authenticated call that answers the signed-in
 * user's data from a JSON template ({@link Templates}).
 *
 * <p>Thread-safe: an immutable record (the body is not modified after loading).
 *
 * @param name the stats key ({@code api.{name}}) and how tests refer to it, e.g. {@code whoami}
 * @param method the HTTP method, {@code GET} by default
 * @param path the path on the API host
 * @param body the answer's JSON template
 */
public record ApiCall(String name, String method, String path, JsonNode body) {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  public ApiCall {
    Objects.requireNonNull(name, "name");
    method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "an API call's method is one of " + METHODS + ", was " + method);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("an API path starts with '/', was '" + path + "'");
    }
    Objects.requireNonNull(body, "body");
  }
}
