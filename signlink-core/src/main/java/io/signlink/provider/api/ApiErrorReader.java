package io.signlink.provider.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads a provider's error body shape (DocuSign {@code {errorCode, message}}, BoldSign {@code
 * {error}} or problem details). Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface ApiErrorReader {

  /** The error the body describes, or empty when it has none of the expected members. */
  Optional<ApiError> read(JsonNode body);

  /** The OAuth/RFC 6750 shape {@code {error, error_description}} many resource servers use. */
  static ApiErrorReader oauth() {
    return body -> {
      String code = ApiJson.text(body, "error");
      String message = ApiJson.text(body, "error_description");
      return code == null && message == null
          ? Optional.empty()
          : Optional.of(new ApiError(code, message));
    };
  }

  /** This reader, or {@code other} when this one finds nothing. */
  default ApiErrorReader orElse(ApiErrorReader other) {
    return body -> {
      Optional<ApiError> mine = read(body);
      return mine.isPresent() ? mine : other.read(body);
    };
  }
}
