package io.signlink.provider.boldsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.provider.api.ApiError;
import io.signlink.provider.api.ApiErrorReader;
import io.signlink.provider.api.ApiJson;
import java.util.Map;
import java.util.Optional;

/**
 * BoldSign's API error bodies: {@code {"error": "..."}} for most refusals, and ASP.NET problem
 * details (RFC 9457: {@code title}, {@code detail}, {@code errors: {field: [messages]}}) for
 * validation failures such as a missing {@code Page}. A failed authentication has an empty body,
 * which never reaches this reader. BoldSign sends no machine code, so only a message is read. Named
 * {@code boldsign} in provider definitions ({@code errors.reader}). Stateless.
 */
public final class BoldSignApiErrors implements ApiErrorReader {

  @Override
  public Optional<ApiError> read(JsonNode body) {
    String error = ApiJson.text(body, "error");
    if (error != null) {
      return Optional.of(new ApiError(null, error));
    }
    String title = ApiJson.text(body, "title");
    String detail = ApiJson.text(body, "detail");
    String first = firstValidationMessage(body.get("errors"));
    if (title == null && detail == null && first == null) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder();
    for (String part : new String[] {title, detail, first}) {
      if (part != null && !part.isEmpty()) {
        message.append(message.length() == 0 ? "" : " ").append(part);
      }
    }
    return Optional.of(new ApiError(null, message.toString()));
  }

  private static String firstValidationMessage(JsonNode errors) {
    if (errors == null || !errors.isObject()) {
      return null;
    }
    for (Map.Entry<String, JsonNode> field : errors.properties()) {
      JsonNode messages = field.getValue();
      if (messages.isArray() && messages.size() > 0 && messages.get(0).isTextual()) {
        return field.getKey() + ": " + messages.get(0).asText();
      }
    }
    return null;
  }
}
