package io.signlink.provider.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProtocolQuirks;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one definition file's JSON tree into a {@link ProviderDefinition}, strictly: an unknown
 * key, a wrong type or a bad value fails with the file and the key's path in the message, so a typo
 * in a definition never silently means "default". Stateless.
 */
final class DefinitionReader {
  /** The schema version this reader understands. */
  static final int SCHEMA = 1;

  static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Pattern PREFIX =
      Pattern.compile("SIGNLINK_[A-Z][A-Z0-9_]*_(\\{NAME}_)?|SIGNLINK_\\{NAME}_");
  private static final Pattern SETTING = Pattern.compile("[A-Z][A-Z0-9_]*");

  private final String source;

  private DefinitionReader(String source) {
    this.source = source;
  }

  static ProviderDefinition read(String source, JsonNode root) {
    return new DefinitionReader(source).definition(root);
  }

  private ProviderDefinition definition(JsonNode root) {
    object(
        root,
        "",
        Set.of(
            "schema",
            "id",
            "display_name",
            "settings_prefix",
            "hosts",
            "variables",
            "discovery",
            "endpoints",
            "client_auth",
            "pkce",
            "openid",
            "iss_parameter",
            "authorization_parameters",
            "scopes",
            "token_response",
            "refresh",
            "revocation",
            "identity",
            "callback_parameters",
            "callback_checks",
            "api",
            "errors",
            "test_call",
            "hooks",
            "protocol_quirks"));
    int schema = root.path("schema").asInt(-1);
    if (schema != SCHEMA) {
      throw fail("schema", "must be " + SCHEMA + " (the schema version this SignLink reads)");
    }
    String id = required(root, "id");
    if (!ID.matcher(id).matches()) {
      throw fail("id", "must be lower-case letters, digits and '-', starting with a letter");
    }
    String prefix =
        text(
            root,
            "settings_prefix",
            "SIGNLINK_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_");
    if (!PREFIX.matcher(prefix).matches()) {
      throw fail("settings_prefix", "must look like SIGNLINK_NAME_ (upper case, ending in _)");
    }
    boolean discovery = bool(root, "discovery", false);
    ProviderDefinition.Endpoints endpoints = endpoints(root.get("endpoints"), discovery);
    revocation(root.get("revocation"));
    return new ProviderDefinition(
        id,
        required(root, "display_name"),
        prefix,
        hosts(root.get("hosts")),
        strings(root.get("variables"), "variables"),
        discovery,
        endpoints,
        clientAuth(root.get("client_auth"), discovery),
        bool(root, "pkce", true),
        bool(root, "openid", false),
        bool(root, "iss_parameter", false),
        strings(root.get("authorization_parameters"), "authorization_parameters"),
        scopes(root.get("scopes")),
        tokenResponse(root.get("token_response")),
        refresh(root.get("refresh")),
        identity(root.get("identity")),
        list(root.get("callback_parameters"), "callback_parameters"),
        callbackChecks(root.get("callback_checks")),
        api(root.get("api")),
        errors(root.get("errors")),
        testCall(root.get("test_call")),
        strings(root.get("hooks"), "hooks"),
        protocolQuirks(
            root.get("protocol_quirks"), epochExpiresInAbove(root.get("token_response"))));
  }

  /** One URL pattern of {@code callback_checks.*.allowed_urls}: https, host labels or {@code *}. */
  static final Pattern URL_PATTERN =
      Pattern.compile(
          "https://(\\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?)(\\.(\\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?))+");

  private Map<String, ProviderDefinition.CallbackCheck> callbackChecks(JsonNode node) {
    if (absent(node)) {
      return Map.of();
    }
    object(node, "callback_checks", null);
    Map<String, ProviderDefinition.CallbackCheck> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String path = "callback_checks." + e.getKey();
      JsonNode c = e.getValue();
      object(c, path, Set.of("allowed_urls", "names_host_choice", "equals_host_variable"));
      List<String> urls = list(c.get("allowed_urls"), path + ".allowed_urls");
      for (String u : urls) {
        if (!URL_PATTERN.matcher(u).matches()) {
          throw fail(
              path + ".allowed_urls",
              "must hold patterns like https://api.*.example.com (https, lower-case host labels or"
                  + " * for exactly one label, no port, path or trailing slash), not "
                  + u);
        }
        String[] labels = u.substring("https://".length()).split("\\.");
        if (labels[labels.length - 1].equals("*") || labels[labels.length - 2].equals("*")) {
          throw fail(
              path + ".allowed_urls",
              "must name the domain itself: * may stand only for labels left of it (" + u + ")");
        }
      }
      boolean choice = bool(c, "names_host_choice", false);
      boolean equals = bool(c, "equals_host_variable", false);
      int rules = (urls.isEmpty() ? 0 : 1) + (choice ? 1 : 0) + (equals ? 1 : 0);
      if (rules != 1) {
        throw fail(
            path,
            "needs exactly one of allowed_urls, names_host_choice: true or"
                + " equals_host_variable: true");
      }
      out.put(e.getKey(), new ProviderDefinition.CallbackCheck(urls, choice, equals));
    }
    return out;
  }

  /** Departures from RFC 6749/7009 at the token and revocation endpoints (none by default). */
  private ProtocolQuirks protocolQuirks(JsonNode node, long epochExpiresInAbove) {
    if (absent(node)) {
      return new ProtocolQuirks(false, false, Map.of(), epochExpiresInAbove);
    }
    object(
        node,
        "protocol_quirks",
        Set.of("state_in_code_exchange", "revocation_token_in", "error_codes"));
    String tokenIn = text(node, "revocation_token_in", "form");
    if (!tokenIn.equals("form") && !tokenIn.equals("query")) {
      throw fail("protocol_quirks.revocation_token_in", "must be form or query");
    }
    return new ProtocolQuirks(
        bool(node, "state_in_code_exchange", false),
        tokenIn.equals("query"),
        strings(node.get("error_codes"), "protocol_quirks.error_codes"),
        epochExpiresInAbove);
  }

  /**
   * {@code token_response.expires_in_epoch_above}: an {@code expires_in} above this many seconds is
   * an absolute time (SignNow); 0 when absent.
   */
  private long epochExpiresInAbove(JsonNode node) {
    JsonNode v = absent(node) ? null : node.get("expires_in_epoch_above");
    if (absent(v)) {
      return 0;
    }
    String path = "token_response.expires_in_epoch_above";
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw fail(path, "must be a whole number of seconds, e.g. 1000000000");
    }
    long above = v.asLong();
    if (above < ProtocolQuirks.MIN_EPOCH_EXPIRES_IN_ABOVE) {
      throw fail(
          path,
          "must be at least "
              + ProtocolQuirks.MIN_EPOCH_EXPIRES_IN_ABOVE
              + " (366 days), so no believable lifetime is read as a time; e.g. 1000000000");
    }
    return above;
  }

  private ProviderDefinition.HostChoices hosts(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    object(node, "hosts", Set.of("setting", "default", "choices"));
    String setting = required(node, "hosts.setting", "setting");
    if (!SETTING.matcher(setting).matches()) {
      throw fail("hosts.setting", "must be an upper-case setting suffix such as REGION");
    }
    JsonNode choicesNode = node.get("choices");
    object(choicesNode, "hosts.choices", null);
    Map<String, ProviderDefinition.HostChoice> choices = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : choicesNode.properties()) {
      String path = "hosts.choices." + e.getKey();
      if (!e.getKey().equals(e.getKey().toLowerCase(Locale.ROOT))) {
        throw fail(path, "choice names must be lower case (settings are matched ignoring case)");
      }
      object(e.getValue(), path, Set.of("display_name", "variables"));
      choices.put(
          e.getKey(),
          new ProviderDefinition.HostChoice(
              text(e.getValue(), "display_name", null),
              strings(e.getValue().get("variables"), path + ".variables")));
    }
    if (choices.isEmpty()) {
      throw fail("hosts.choices", "must name at least one region or environment");
    }
    String def = required(node, "hosts.default", "default");
    if (!choices.containsKey(def)) {
      throw fail("hosts.default", "must be one of " + choices.keySet());
    }
    return new ProviderDefinition.HostChoices(setting, def, choices);
  }

  private ProviderDefinition.Endpoints endpoints(JsonNode node, boolean discovery) {
    if (absent(node)) {
      if (discovery) {
        return new ProviderDefinition.Endpoints(null, null, null, null, null, null, null);
      }
      throw fail("endpoints", "is required (at least authorization and token)");
    }
    object(
        node,
        "endpoints",
        Set.of("issuer", "authorization", "token", "refresh", "revocation", "userinfo", "jwks"));
    ProviderDefinition.Endpoints e =
        new ProviderDefinition.Endpoints(
            text(node, "issuer", null),
            text(node, "authorization", null),
            text(node, "token", null),
            text(node, "refresh", null),
            text(node, "revocation", null),
            text(node, "userinfo", null),
            text(node, "jwks", null));
    if (!discovery && (e.authorization() == null || e.token() == null)) {
      throw fail("endpoints", "needs authorization and token (or \"discovery\": true)");
    }
    return e;
  }

  private ClientAuthMethod clientAuth(JsonNode node, boolean discovery) {
    String v = absent(node) ? (discovery ? "auto" : "client_secret_basic") : node.asText();
    return switch (v) {
      case "auto" -> {
        if (!discovery) {
          throw fail("client_auth", "auto needs \"discovery\": true");
        }
        yield null;
      }
      case "client_secret_basic" -> ClientAuthMethod.CLIENT_SECRET_BASIC;
      case "client_secret_post" -> ClientAuthMethod.CLIENT_SECRET_POST;
      default ->
          throw fail(
              "client_auth",
              "must be client_secret_basic, client_secret_post or auto (not " + v + ")");
    };
  }

  private ProviderDefinition.Scopes scopes(JsonNode node) {
    if (absent(node)) {
      return new ProviderDefinition.Scopes(null, null, null);
    }
    object(node, "scopes", Set.of("separator", "default", "placement"));
    String separator = text(node, "separator", " ");
    if (separator.isEmpty()) {
      throw fail("scopes.separator", "must not be empty; RFC 6749 uses a space");
    }
    return new ProviderDefinition.Scopes(
        separator,
        list(node.get("default"), "scopes.default"),
        enumValue(
            node, "placement", "scopes.placement", io.signlink.provider.ScopePlacement.class));
  }

  private Duration tokenResponse(JsonNode node) {
    if (absent(node)) {
      return Duration.ofHours(1);
    }
    object(node, "token_response", Set.of("default_expires_in", "expires_in_epoch_above"));
    Duration d = duration(node, "default_expires_in", "token_response.default_expires_in");
    return d == null ? Duration.ofHours(1) : d;
  }

  private ProviderDefinition.Refresh refresh(JsonNode node) {
    if (absent(node)) {
      return new ProviderDefinition.Refresh(null, null, null, null);
    }
    object(node, "refresh", Set.of("rotation", "reuse_grace", "idle_expiry", "keep_alive_margin"));
    Duration idle = duration(node, "idle_expiry", "refresh.idle_expiry");
    if (idle != null && idle.compareTo(Duration.ofHours(1)) < 0) {
      throw fail("refresh.idle_expiry", "must be at least an hour (PT1H) or null");
    }
    Duration margin = duration(node, "keep_alive_margin", "refresh.keep_alive_margin");
    if (margin != null && (idle == null || margin.compareTo(idle) >= 0)) {
      throw fail("refresh.keep_alive_margin", "needs an idle_expiry longer than the margin");
    }
    return new ProviderDefinition.Refresh(
        enumValue(node, "rotation", "refresh.rotation", ProviderDefinition.Rotation.class),
        duration(node, "reuse_grace", "refresh.reuse_grace"),
        idle,
        margin);
  }

  /**
   * {@code revocation.token} may only say what SignLink does: revoke the refresh token, which ends
   * the grant (RFC 7009 §2.1), else the access token.
   */
  private void revocation(JsonNode node) {
    if (absent(node)) {
      return;
    }
    object(node, "revocation", Set.of("token"));
    String token = text(node, "token", "refresh_token");
    if (!token.equals("refresh_token")) {
      throw fail(
          "revocation.token",
          "must be refresh_token: SignLink revokes the refresh token, which ends the grant (RFC"
              + " 7009), and the access token only when there is no refresh token");
    }
  }

  private ProviderDefinition.Identity identity(JsonNode node) {
    if (absent(node)) {
      return new ProviderDefinition.Identity(null, null, null, null);
    }
    object(node, "identity", Set.of("endpoint", "subject", "name", "email"));
    return new ProviderDefinition.Identity(
        text(node, "endpoint", null),
        pointer(node, "subject", "identity.subject"),
        pointer(node, "name", "identity.name"),
        pointer(node, "email", "identity.email"));
  }

  private ProviderDefinition.Api api(JsonNode node) {
    if (absent(node)) {
      return new ProviderDefinition.Api(null, null, null, null);
    }
    object(node, "api", Set.of("base", "path", "root", "auth_scheme"));
    String path = text(node, "path", "");
    if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
      throw fail("api.path", "must start with / and not end with one, e.g. /v1");
    }
    return new ProviderDefinition.Api(
        text(node, "base", null), path, text(node, "root", null), text(node, "auth_scheme", null));
  }

  private ProviderDefinition.Errors errors(JsonNode node) {
    if (absent(node)) {
      return new ProviderDefinition.Errors("oauth", null, null);
    }
    object(node, "errors", Set.of("reader", "code", "message"));
    String reader = text(node, "reader", null);
    String code = pointer(node, "code", "errors.code");
    String message = pointer(node, "message", "errors.message");
    if (reader == null && code == null && message == null) {
      throw fail("errors", "needs a reader or the code/message pointers");
    }
    if (reader != null && (code != null || message != null)) {
      throw fail("errors", "takes either a reader or pointers, not both");
    }
    return new ProviderDefinition.Errors(reader, code, message);
  }

  private ProviderDefinition.TestCall testCall(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    object(node, "test_call", Set.of("method", "path", "lists", "summary", "details", "items"));
    String method = text(node, "method", "GET");
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw fail("test_call.method", "must be GET (a test call must change nothing)");
    }
    JsonNode items = node.get("items");
    ProviderDefinition.Items parsedItems = null;
    if (!absent(items)) {
      object(items, "test_call.items", Set.of("at", "limit", "each"));
      parsedItems =
          new ProviderDefinition.Items(
              pointer(items, "at", "test_call.items.at"),
              items.path("limit").asInt(3),
              required(items, "test_call.items.each", "each"));
    }
    return new ProviderDefinition.TestCall(
        method,
        text(node, "path", ""),
        text(node, "lists", null),
        required(node, "test_call.summary", "summary"),
        list(node.get("details"), "test_call.details"),
        parsedItems);
  }

  // ---- primitives ----

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private void object(JsonNode node, String path, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw fail(path.isEmpty() ? "(top level)" : path, "must be a JSON object");
    }
    if (allowed == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = field.getKey();
      if (!allowed.contains(key)) {
        throw fail(
            path.isEmpty() ? key : path + "." + key,
            "is not a field of the schema; known here: " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private String required(JsonNode node, String key) {
    return required(node, key, key);
  }

  private String required(JsonNode node, String path, String key) {
    String v = text(node, key, null);
    if (v == null || v.isBlank()) {
      throw fail(path, "is required");
    }
    return v;
  }

  private String text(JsonNode node, String key, String fallback) {
    JsonNode v = node.get(key);
    if (absent(v)) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw fail(key, "must be a string");
    }
    return v.asText();
  }

  private String pointer(JsonNode node, String key, String path) {
    String v = text(node, key, null);
    if (v != null && !v.startsWith("/")) {
      throw fail(path, "must be a JSON pointer starting with /, e.g. /email");
    }
    return v;
  }

  private boolean bool(JsonNode node, String key, boolean fallback) {
    JsonNode v = node.get(key);
    if (absent(v)) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw fail(key, "must be true or false");
    }
    return v.asBoolean();
  }

  private Duration duration(JsonNode node, String key, String path) {
    String v = text(node, key, null);
    if (v == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        throw fail(path, "must be positive");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw fail(path, "must be an ISO-8601 duration such as PT1H or P30D (not " + v + ")");
    }
  }

  private List<String> list(JsonNode node, String path) {
    if (absent(node)) {
      return List.of();
    }
    if (!node.isArray()) {
      throw fail(path, "must be a JSON array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw fail(path, "must contain only strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  private Map<String, String> strings(JsonNode node, String path) {
    if (absent(node)) {
      return Map.of();
    }
    object(node, path, null);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw fail(path + "." + e.getKey(), "must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private <E extends Enum<E>> E enumValue(JsonNode node, String key, String path, Class<E> type) {
    String v = text(node, key, null);
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw fail(path, "must be one of " + names + " (not " + v + ")");
    }
  }

  private ConfigurationException fail(String path, String message) {
    return new ConfigurationException("provider definition " + source + ": " + path, message);
  }
}
