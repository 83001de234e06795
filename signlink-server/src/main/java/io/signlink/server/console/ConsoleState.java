package io.signlink.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the console page polls: the server's clock and, per connection, its status, when its
 * access token expires (only for an active connection with readable tokens, as the page shows it),
 * when it was last refreshed and its account. No token, only times. Stateless.
 */
final class ConsoleState {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleState() {}

  static String json(List<Connection> connections, Instant now) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Connection c : connections) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("status", c.status().name());
      m.put(
          "expires_at",
          c.status() == ConnectionStatus.ACTIVE && c.tokens() != null
              ? c.tokens().accessExpiresAt().toString()
              : null);
      m.put(
          "last_refreshed_at", c.lastRefreshedAt() == null ? null : c.lastRefreshedAt().toString());
      m.put("account_id", c.accountId());
      rows.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("now", now.toString());
    body.put("connections", rows);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("console state is plain strings; Jackson cannot fail", e);
    }
  }
}
