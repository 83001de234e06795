package io.signlink.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Pretty JSON for {@code --json} and {@code call}. The mapper is created on first use (Jackson's
 * start-up is not free). Thread-safe: {@link ObjectMapper} is, once configured.
 */
public final class Json {
  private static volatile ObjectMapper mapper;

  private Json() {}

  public static ObjectMapper mapper() {
    ObjectMapper m = mapper;
    if (m == null) {
      synchronized (Json.class) {
        if (mapper == null) {
          mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        }
        m = mapper;
      }
    }
    return m;
  }

  public static ObjectNode object() {
    return mapper().createObjectNode();
  }

  public static String pretty(JsonNode node) {
    try {
      return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
