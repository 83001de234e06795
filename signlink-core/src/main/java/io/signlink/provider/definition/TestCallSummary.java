package io.signlink.provider.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.connection.Connection;
import java.util.function.Function;

/**
 * Renders a test call's answer as the definition's one-line summary: {@code summary}, then each
 * {@code details} part whose values are all present, then the first {@code items}. Stateless.
 */
final class TestCallSummary {
  private TestCallSummary() {}

  static String render(
      ProviderDefinition d, Connection c, ProviderDefinition.TestCall call, JsonNode answer) {
    StringBuilder sb = new StringBuilder(Templates.render(call.summary(), lookup(d, c, answer)));
    for (String part : call.details()) {
      if (Templates.complete(part, lookup(d, c, answer))) {
        sb.append(Templates.render(part, lookup(d, c, answer)));
      }
    }
    ProviderDefinition.Items items = call.items();
    if (items != null && answer.at(items.at()).isArray()) {
      int shown = 0;
      for (JsonNode item : answer.at(items.at())) {
        if (shown++ >= items.limit()) {
          break;
        }
        sb.append(Templates.render(items.each(), lookup(d, c, item)));
      }
    }
    return sb.toString();
  }

  private static Function<String, String> lookup(
      ProviderDefinition d, Connection c, JsonNode json) {
    return key -> {
      if (key.startsWith("/")) {
        JsonNode n = json.at(key);
        return n.isMissingNode() || n.isNull() || n.isContainerNode() ? null : n.asText();
      }
      return switch (key) {
        case "display_name" -> d.displayName();
        case "account_id" -> c.accountId();
        case "base_uri" -> c.baseUri();
        default -> null;
      };
    };
  }
}
