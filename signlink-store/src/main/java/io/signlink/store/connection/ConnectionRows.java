package io.signlink.store.connection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.error.StoreException;
import io.signlink.oauth.TokenSet;
import io.signlink.store.crypto.Column;
import io.signlink.store.crypto.Sealed;
import io.signlink.store.crypto.TokenCipher;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code connections} rows into {@link Connection}s and token sets into ciphertext. A row
 * that does not decrypt fails closed (SECURITY.md §encryption): {@link #strict} throws {@code
 * DECRYPTION_FAILED}, {@link #lenient} returns it with {@code tokens == null} for listings. There
 * is no plaintext fallback. Thread-safe.
 */
final class ConnectionRows {
  static final String COLUMNS =
      "id, provider_id, owner, subject, account_id, account_name, base_uri, accounts_json, scopes,"
          + " status, status_reason, token_ciphertext, key_id, version, created_at, updated_at,"
          + " last_refreshed_at, access_expires_at, email, display_name, application_id,"
          + " callback_values";

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRows.class);

  private final TokenCipher cipher;
  private final TokenSetCodec tokens;
  private final AccountsCodec accounts;

  ConnectionRows(TokenCipher cipher, ObjectMapper json) {
    this.cipher = cipher;
    this.tokens = new TokenSetCodec(json);
    this.accounts = new AccountsCodec(json);
  }

  AccountsCodec accounts() {
    return accounts;
  }

  Sealed seal(TokenSet tokenSet, String id) {
    byte[] plain = tokens.encode(tokenSet);
    try {
      return cipher.seal(plain, Column.CONNECTION_TOKENS, id);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Decrypts the row's tokens; throws {@code DECRYPTION_FAILED} naming only the row id. */
  TokenSet open(byte[] ciphertext, long keyId, String id) {
    byte[] plain = null;
    try {
      plain = cipher.open(ciphertext, keyId, Column.CONNECTION_TOKENS, id);
      return tokens.decode(plain);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new StoreException(
          StoreException.Kind.DECRYPTION_FAILED,
          "The tokens of connection "
              + id
              + " do not decrypt with the configured keyset (wrong or incomplete keyset, or the row"
              + " was altered or copied). It was left unchanged: restore the keyset it was written"
              + " with, or delete the connection and let the user reconnect.",
          null);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  Connection strict(ResultSet rs) throws SQLException {
    return map(rs, open(rs.getBytes("token_ciphertext"), rs.getLong("key_id"), rs.getString("id")));
  }

  Connection lenient(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    TokenSet t;
    try {
      t = open(rs.getBytes("token_ciphertext"), rs.getLong("key_id"), id);
    } catch (StoreException e) {
      LOG.warn(
          "Connection {} does not decrypt; listed without tokens (see docs/SECURITY.md §encryption)",
          id);
      t = null;
    }
    return map(rs, t);
  }

  private Connection map(ResultSet rs, TokenSet t) throws SQLException {
    String accountId = rs.getString("account_id");
    return new Connection(
        rs.getString("id"),
        rs.getString("provider_id"),
        rs.getString("owner"),
        rs.getString("subject"),
        accountId == null || accountId.isEmpty() ? null : accountId,
        rs.getString("account_name"),
        rs.getString("base_uri"),
        accounts.accountsFromJson(rs.getString("accounts_json")),
        AccountsCodec.scopesFromText(rs.getString("scopes")),
        ConnectionStatus.valueOf(rs.getString("status")),
        rs.getString("status_reason"),
        t,
        rs.getLong("version"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "last_refreshed_at"),
        rs.getString("email"),
        rs.getString("display_name"),
        rs.getString("application_id"),
        accounts.valuesFromJson(rs.getString("callback_values")));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
