package io.signlink.emulator.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A canned error answer in a provider's own shape: the status, the JSON body (whose strings may
 * hold {@code {{…}}} placeholders, see {@link Templates}) and extra headers.
 *
 * <p>Thread-safe: an immutable record (the body is not modified after loading).
 */
public record ErrorAnswer(int status, JsonNode body, Map<String, String> headers) {

  public ErrorAnswer {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, was " + status);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
