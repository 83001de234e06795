package io.signlink.server.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The JSON error every API route answers with: {@code {"error": code, "message": what-to-do}}, plus
 * {@code reconnect_url} for {@code reauthorization_required}. {@code status} is the HTTP status and
 * {@code retryAfter} the {@code Retry-After} header; neither is a body member. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(
    @JsonIgnore int status,
    @JsonProperty("error") String error,
    @JsonProperty("message") String message,
    @JsonProperty("reconnect_url") String reconnectUrl,
    @JsonIgnore Duration retryAfter) {

  public static ErrorBody of(int status, String error, String message) {
    return new ErrorBody(status, error, message, null, null);
  }
}
