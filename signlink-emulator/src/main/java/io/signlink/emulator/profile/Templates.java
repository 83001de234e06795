package io.signlink.emulator.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders in a profile's strings and JSON templates. The names are
 * {@code user.sub}, {@code user.email}, {@code user.given_name}, {@code user.family_name}, {@code
 * user.name}, {@code user.created}, {@code region}, {@code client_id}, and {@code host:<name>} (the
 * absolute base URL of one of the profile's hosts in the grant's region). Only strings are filled;
 * numbers, booleans and the JSON shape come from the template as written.
 *
 * <p>Thread-safe: stateless.
 */
public final class Templates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_.:-]+)}}");
  private static final Set<String> NAMES =
      Set.of(
          "user.sub",
          "user.email",
          "user.given_name",
          "user.family_name",
          "user.name",
          "user.created",
          "region",
          "client_id");

  private Templates() {}

  /** {@code text} with every placeholder replaced from {@code values}. */
  public static String fill(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for {{" + m.group(1) + "}} in '" + text + "'");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A copy of {@code template} with every string filled. */
  public static JsonNode fill(JsonNode template, Map<String, String> values) {
    if (template.isTextual()) {
      return TextNode.valueOf(fill(template.textValue(), values));
    }
    if (template.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      template.forEach(item -> copy.add(fill(item, values)));
      return copy;
    }
    if (template.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : template.properties()) {
        copy.set(field.getKey(), fill(field.getValue(), values));
      }
      return copy;
    }
    return template;
  }

  /** The placeholder names in {@code text} that are not known, for a load-time check. */
  static Set<String> unknownNames(String text, Set<String> hosts) {
    Set<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      boolean host = name.startsWith("host:") && hosts.contains(name.substring(5));
      if (!host && !NAMES.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}
