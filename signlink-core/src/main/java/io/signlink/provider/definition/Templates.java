package io.signlink.provider.definition;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The definitions' small template language: {@code {name}} is a variable ({@code {account}/oauth/
 * token}); in test-call summaries {@code {/json/pointer}} reads the answer and {@code
 * {/pointer|fallback}} gives text for a missing value ({@code |$name} falls back to a variable).
 * Nothing else is special, so a template is readable as the URL or line it makes. Stateless.
 */
public final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

  private Templates() {}

  /** The variable names a template uses (JSON pointers excluded). */
  public static Set<String> variables(String template) {
    Set<String> out = new LinkedHashSet<>();
    if (template == null) {
      return out;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!m.group(1).startsWith("/")) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /**
   * Fills in variables.
   *
   * @throws IllegalArgumentException naming the first variable {@code values} lacks
   */
  public static String expand(String template, Map<String, String> values) {
    return replace(
        template,
        name -> {
          String v = values.get(name);
          if (v == null) {
            throw new IllegalArgumentException(
                "the template " + template + " needs {" + name + "}, which is not set");
          }
          return v;
        });
  }

  /**
   * Fills in every placeholder with {@code lookup}; a {@code null} answer for a pointer with a
   * {@code |fallback} uses the fallback, else the empty string.
   */
  static String render(String template, Function<String, String> lookup) {
    return replace(
        template,
        placeholder -> {
          int bar = placeholder.indexOf('|');
          String key = bar < 0 ? placeholder : placeholder.substring(0, bar);
          String value = lookup.apply(key);
          if (value != null) {
            return value;
          }
          if (bar < 0) {
            return "";
          }
          String fallback = placeholder.substring(bar + 1);
          if (fallback.startsWith("$")) {
            String v = lookup.apply(fallback.substring(1));
            return v == null ? "" : v;
          }
          return fallback;
        });
  }

  /** True when every placeholder of {@code template} has a value under {@code lookup}. */
  static boolean complete(String template, Function<String, String> lookup) {
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      String key = m.group(1);
      int bar = key.indexOf('|');
      if (lookup.apply(bar < 0 ? key : key.substring(0, bar)) == null) {
        return false;
      }
    }
    return true;
  }

  private static String replace(String template, Function<String, String> value) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(value.apply(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
