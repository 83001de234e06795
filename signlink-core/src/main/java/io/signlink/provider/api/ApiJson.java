package io.signlink.provider.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.InvalidResponseException.Kind;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Bounded, typed reading of provider API bodies (SECURITY.md §token-response): nesting depth and
 * string length are capped, duplicate keys are refused, and a malformed body becomes an {@link
 * InvalidResponseException} whose message never quotes the body. Stateless and thread-safe.
 */
public final class ApiJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(64)
                      .maxStringLength(1_000_000)
                      .maxNumberLength(100)
                      .build())
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  private ApiJson() {}

  /**
   * The JSON tree of a body; an empty body gives a {@link MissingNode}.
   *
   * @throws InvalidResponseException {@code MALFORMED} naming {@code what}, never the body
   */
  public static JsonNode parse(byte[] body, String what) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try (JsonParser parser = MAPPER.createParser(body)) {
      JsonNode tree = MAPPER.readTree(parser);
      if (tree == null || parser.nextToken() != null) {
        throw new InvalidResponseException(Kind.MALFORMED, what + " was not one JSON document");
      }
      return tree;
    } catch (IOException e) {
      // The parser's message may quote the body; keep only the location.
      throw new InvalidResponseException(
          Kind.MALFORMED, what + " was not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The member as text when it is a string, number or boolean; {@code null} otherwise. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /** Like {@link #text} but the member must be a non-empty value. */
  public static String requiredText(JsonNode node, String field, String what) {
    String value = text(node, field);
    if (value == null || value.isEmpty()) {
      throw new InvalidResponseException(Kind.MALFORMED, what + " has no " + field);
    }
    return value;
  }

  /** An integer member, or {@code fallback} when absent or not a number. */
  public static long number(JsonNode node, String field, long fallback) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    // DocuSign sends its counts as strings ("resultSetSize": "3").
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  /**
   * A timestamp member: ISO-8601 text (DocuSign) or epoch seconds (BoldSign); {@code null} when
   * absent or unreadable, since a date is never worth failing a whole listing for.
   */
  public static Instant instant(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return Instant.ofEpochSecond(value.asLong());
    }
    if (!value.isTextual()) {
      return null;
    }
    String text = value.asText();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** The member when it is an array, else an empty one; lists are never {@code null}. */
  public static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isArray() ? value : MAPPER.createArrayNode();
  }
}
