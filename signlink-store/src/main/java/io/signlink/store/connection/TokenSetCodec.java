package io.signlink.store.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The plaintext that gets encrypted into {@code connections.token_ciphertext}: the whole {@link
 * TokenSet} as compact JSON, instants as epoch milliseconds. Nothing of it is ever stored unsealed.
 * Thread-safe (Jackson's mapper is, once configured).
 */
final class TokenSetCodec {
  private final ObjectMapper json;

  TokenSetCodec(ObjectMapper json) {
    this.json = json;
  }

  byte[] encode(TokenSet t) {
    ObjectNode n = json.createObjectNode();
    n.put("v", 1);
    n.put("access_token", t.accessToken().reveal());
    n.put("token_type", t.tokenType());
    if (t.refreshToken() != null) {
      n.put("refresh_token", t.refreshToken().reveal());
    }
    if (t.idToken() != null) {
      n.put("id_token", t.idToken().reveal());
    }
    ArrayNode scopes = n.putArray("scopes");
    t.scopes().stream().sorted().forEach(scopes::add);
    n.put("received_at", t.receivedAt().toEpochMilli());
    n.put("access_expires_at", t.accessExpiresAt().toEpochMilli());
    if (t.refreshExpiresAt() != null) {
      n.put("refresh_expires_at", t.refreshExpiresAt().toEpochMilli());
    }
    try {
      return json.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("could not serialise a token set", e);
    }
  }

  TokenSet decode(byte[] bytes) throws IOException {
    JsonNode n = json.readTree(bytes);
    if (n == null || n.path("v").asInt() != 1) {
      throw new IOException("unknown token-set format");
    }
    Set<String> scopes = new LinkedHashSet<>();
    n.path("scopes").forEach(s -> scopes.add(s.asText()));
    return new TokenSet(
        Secret.of(n.path("access_token").asText()),
        n.path("token_type").asText(),
        Secret.ofNullable(text(n, "refresh_token")),
        Secret.ofNullable(text(n, "id_token")),
        scopes,
        Instant.ofEpochMilli(n.path("received_at").asLong()),
        Instant.ofEpochMilli(n.path("access_expires_at").asLong()),
        n.hasNonNull("refresh_expires_at")
            ? Instant.ofEpochMilli(n.path("refresh_expires_at").asLong())
            : null);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
