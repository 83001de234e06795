package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Applications, keys and connections of an application, made through the admin API. */
final class Apps {
  static final ObjectMapper JSON = new ObjectMapper();

  private Apps() {}

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** Creates an application with the operator's key; {@code extra} is more JSON fields. */
  static void create(TestSignLink sl, String id, String extra) {
    HttpResponse<String> r =
        sl.api(
            "POST",
            "/api/applications",
            TestSignLink.ADMIN_KEY,
            "{\"id\":\"" + id + "\",\"name\":\"" + id + " Inc.\"" + extra + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** A new key of {@code app} with {@code scopes}; returns {@code [id, plaintext]}. */
  static String[] key(TestSignLink sl, String app, String... scopes) {
    return keyBy(sl, TestSignLink.ADMIN_KEY, app, null, scopes);
  }

  /** A new key made with {@code adminKey}, expiring at {@code expiresAt} (ISO, or null). */
  static String[] keyBy(
      TestSignLink sl, String adminKey, String app, String expiresAt, String... scopes) {
    StringBuilder s = new StringBuilder();
    for (String scope : scopes) {
      s.append(s.length() == 0 ? "" : ",").append('"').append(scope).append('"');
    }
    HttpResponse<String> r =
        sl.api(
            "POST",
            "/api/keys",
            adminKey,
            "{\"name\":\"k-"
                + UUID.randomUUID()
                + "\",\"application\":\""
                + app
                + "\",\"scopes\":["
                + s
                + "]"
                + (expiresAt == null ? "" : ",\"expires_at\":\"" + expiresAt + "\"")
                + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new String[] {json(r).get("id").asText(), json(r).get("key").asText()};
  }

  /** Stores a BoldSign connection of {@code app} whose access token is valid for a day. */
  static Connection connection(TestSignLink sl, String app, String owner) {
    Instant now = Instant.now();
    Account a =
        new Account(
            "acc-" + owner, "Account of " + owner, sl.emulator.boldSignApiBase().toString(), true);
    TokenSet tokens =
        new TokenSet(
            Secret.of("AT-" + UUID.randomUUID()),
            "Bearer",
            Secret.of("RT-" + UUID.randomUUID()),
            null,
            Set.of("BoldSign.Documents.All"),
            now,
            now.plus(Duration.ofDays(1)),
            null);
    return sl.server
        .runtime()
        .connections()
        .upsert(
            new ConnectionDraft(
                "boldsign",
                owner,
                "subject-" + owner,
                a.accountId(),
                a.accountName(),
                sl.emulator.boldSignApiBase().toString(),
                List.of(a),
                tokens.scopes(),
                tokens,
                null,
                null,
                app))
        .connection();
  }
}
