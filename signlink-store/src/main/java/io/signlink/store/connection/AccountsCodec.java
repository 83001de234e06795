package io.signlink.store.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signlink.connection.Account;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The non-secret columns stored as text: the account list as JSON ({@code accounts_json}), the
 * granted scopes space-separated, sorted ({@code scopes}), and the redirect's checked hosts as a
 * JSON object ({@code callback_values}). Thread-safe.
 */
final class AccountsCodec {
  private final ObjectMapper json;

  AccountsCodec(ObjectMapper json) {
    this.json = json;
  }

  String accountsToJson(List<Account> accounts) {
    ArrayNode array = json.createArrayNode();
    for (Account a : accounts) {
      ObjectNode o = array.addObject();
      o.put("account_id", a.accountId());
      o.put("account_name", a.accountName());
      o.put("base_uri", a.baseUri());
      o.put("is_default", a.isDefault());
    }
    return array.toString();
  }

  List<Account> accountsFromJson(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    try {
      List<Account> out = new ArrayList<>();
      for (JsonNode o : json.readTree(text)) {
        out.add(
            new Account(
                o.path("account_id").asText(),
                o.hasNonNull("account_name") ? o.get("account_name").asText() : null,
                o.path("base_uri").asText(),
                o.path("is_default").asBoolean()));
      }
      return out;
    } catch (IOException e) {
      // A corrupt account list must not hide the connection; its tokens are what matters.
      return List.of();
    }
  }

  /** The callback values as a JSON object, or {@code null} for none. */
  String valuesToJson(Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    ObjectNode o = json.createObjectNode();
    new TreeMap<>(values).forEach(o::put);
    return o.toString();
  }

  /**
   * The callback values; a corrupt column reads as none, which sends the connection's requests to
   * the configured hosts only (never anywhere the column could name).
   */
  Map<String, String> valuesFromJson(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, String> out = new LinkedHashMap<>();
      JsonNode o = json.readTree(text);
      if (!o.isObject()) {
        return Map.of();
      }
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), e.getValue().asText());
        }
      }
      return out;
    } catch (IOException e) {
      return Map.of();
    }
  }

  static String scopesToText(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  static Set<String> scopesFromText(String text) {
    if (text == null || text.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }
}
