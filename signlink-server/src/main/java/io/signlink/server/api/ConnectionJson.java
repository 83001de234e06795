package io.signlink.server.api;

import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A connection as the API shows it: who, which account, status, expiry — no token of any kind
 * (SECURITY.md §refresh-tokens-stay). Stateless.
 */
public final class ConnectionJson {
  private ConnectionJson() {}

  public static Map<String, Object> of(Connection c, Function<Connection, String> reconnectUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("provider", c.providerId());
    m.put("owner", c.owner());
    m.put("subject", c.subject());
    m.put("email", c.email());
    m.put("name", c.displayName());
    m.put("account_id", c.accountId());
    m.put("account_name", c.accountName());
    m.put("base_uri", c.baseUri());
    m.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("status_reason", c.statusReason());
    m.put("scopes", new ArrayList<>(new TreeSet<>(c.scopes())));
    m.put("access_token_expires_at", c.tokens() == null ? null : iso(c.tokens().accessExpiresAt()));
    m.put("has_refresh_token", c.tokens() != null && c.tokens().refreshToken() != null);
    // the provider's refresh_expires_in: the refresh token stops working unless used before this
    m.put("refresh_deadline", iso(c.refreshDeadline()));
    m.put("tokens_readable", c.tokensReadable());
    m.put("last_refreshed_at", iso(c.lastRefreshedAt()));
    m.put("created_at", iso(c.createdAt()));
    m.put("updated_at", iso(c.updatedAt()));
    if (c.status() == ConnectionStatus.REAUTH_REQUIRED) {
      m.put("reconnect_url", reconnectUrl.apply(c));
    }
    return m;
  }

  public static List<Map<String, Object>> accounts(Connection c) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Account a : c.accounts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("account_id", a.accountId());
      m.put("account_name", a.accountName());
      m.put("base_uri", a.baseUri());
      m.put("is_default", a.isDefault());
      m.put("selected", a.accountId().equals(c.accountId()));
      out.add(m);
    }
    return out;
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
