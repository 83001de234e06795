package io.signlink.store.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.application.Application;
import io.signlink.application.ApplicationStore;
import io.signlink.error.StoreException;
import io.signlink.oauth.Secret;
import io.signlink.store.crypto.Column;
import io.signlink.store.crypto.Sealed;
import io.signlink.store.crypto.TokenCipher;
import io.signlink.store.jdbc.Database;
import io.signlink.store.jdbc.Tx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ApplicationStore} on SQLite or PostgreSQL. Return URLs and tags are JSON lists; the
 * webhook secret is sealed with {@link TokenCipher} under the application id (SECURITY.md
 * §encryption), so a database dump does not reveal it. Thread-safe.
 */
public final class JdbcApplicationStore implements ApplicationStore {
  private static final String COLUMNS =
      "id, name, return_urls, webhook_url, webhook_secret_ciphertext, key_id, webhook_events, tags,"
          + " created_at";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;
  private final TokenCipher cipher;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public JdbcApplicationStore(Database db, TokenCipher cipher, Clock clock) {
    this.db = db;
    this.cipher = cipher;
    this.clock = clock;
  }

  @Override
  public Optional<Application> find(String id) {
    List<Application> found = select(" WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<Application> list() {
    return select("", null);
  }

  @Override
  public Application create(Application app) {
    String problem = Application.idProblem(app.id());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    validate(app);
    Application stored =
        new Application(
            app.id(),
            app.name().strip(),
            app.returnUrls(),
            app.webhookUrl(),
            app.webhookSecret(),
            app.webhookEvents(),
            app.tags(),
            Instant.ofEpochMilli(clock.millis()));
    try {
      db.write(
          "Creating an application",
          tx -> {
            try (PreparedStatement ps =
                tx.connection()
                    .prepareStatement(
                        "INSERT INTO applications (return_urls, webhook_url,"
                            + " webhook_secret_ciphertext, key_id, webhook_events, tags, name,"
                            + " created_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              int i = bindSettings(ps, stored);
              ps.setLong(i++, stored.createdAt().toEpochMilli());
              ps.setString(i, stored.id());
              ps.executeUpdate();
            }
            return null;
          });
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CONFLICT) {
        throw new IllegalArgumentException(
            "an application with id '" + app.id() + "' or name '" + app.name() + "' exists");
      }
      throw e;
    }
    return stored;
  }

  @Override
  public Optional<Application> update(Application app) {
    validate(app);
    try {
      return db.write("Updating an application", tx -> updateIn(tx, app));
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CONFLICT) {
        throw new IllegalArgumentException("another application is named '" + app.name() + "'");
      }
      throw e;
    }
  }

  private Optional<Application> updateIn(Tx tx, Application app) throws SQLException {
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "UPDATE applications SET return_urls = ?, webhook_url = ?,"
                    + " webhook_secret_ciphertext = ?, key_id = ?, webhook_events = ?, tags = ?,"
                    + " name = ? WHERE id = ?")) {
      int i = bindSettings(ps, app);
      ps.setString(i, app.id());
      if (ps.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    try (PreparedStatement ps =
        tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM applications WHERE id = ?")) {
      ps.setString(1, app.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  private static void validate(Application app) {
    if (app.name().isBlank() || app.name().length() > 100) {
      throw new IllegalArgumentException("an application needs a name of 1 to 100 characters");
    }
    for (String tag : app.tags()) {
      String problem = Application.tagProblem(tag);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    for (URI url : app.returnUrls()) {
      String problem = Application.urlProblem(url);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    if (app.webhookUrl() != null && Application.urlProblem(app.webhookUrl()) != null) {
      throw new IllegalArgumentException(Application.urlProblem(app.webhookUrl()));
    }
    if (app.tags().size() > 20 || app.returnUrls().size() > 20) {
      throw new IllegalArgumentException("an application has at most 20 tags and 20 return URLs");
    }
  }

  /** Binds the settings columns in the order both statements list them; returns the next index. */
  private int bindSettings(PreparedStatement ps, Application app) throws SQLException {
    int i = 1;
    ps.setString(i++, write(app.returnUrls().stream().map(URI::toString).toList()));
    ps.setString(i++, app.webhookUrl() == null ? null : app.webhookUrl().toString());
    if (app.webhookSecret() == null) {
      ps.setNull(i++, Types.BINARY);
      ps.setNull(i++, Types.BIGINT);
    } else {
      byte[] plain = app.webhookSecret().reveal().getBytes(StandardCharsets.UTF_8);
      try {
        Sealed sealed = cipher.seal(plain, Column.APPLICATION_WEBHOOK_SECRET, app.id());
        ps.setBytes(i++, sealed.ciphertext());
        ps.setLong(i++, sealed.keyId());
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
    ps.setString(i++, String.join(" ", new TreeSet<>(app.webhookEvents())));
    ps.setString(i++, write(app.tags()));
    ps.setString(i++, app.name().strip());
    return i;
  }

  private List<Application> select(String where, String param) {
    return db.read(
        "Reading applications",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM applications"
                      + where
                      + " ORDER BY CASE WHEN id = 'default' THEN 0 ELSE 1 END, created_at, id")) {
            if (param != null) {
              ps.setString(1, param);
            }
            List<Application> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
            return out;
          }
        });
  }

  private Application map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    byte[] sealed = rs.getBytes("webhook_secret_ciphertext");
    Secret secret = null;
    if (sealed != null) {
      try {
        byte[] plain =
            cipher.open(sealed, rs.getLong("key_id"), Column.APPLICATION_WEBHOOK_SECRET, id);
        secret = Secret.of(new String(plain, StandardCharsets.UTF_8));
        Arrays.fill(plain, (byte) 0);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new StoreException(
            StoreException.Kind.DECRYPTION_FAILED,
            "The webhook secret of application "
                + id
                + " does not decrypt with the configured keyset; set it again with"
                + " PATCH /api/applications/"
                + id,
            null);
      }
    }
    String url = rs.getString("webhook_url");
    String events = rs.getString("webhook_events");
    return new Application(
        id,
        rs.getString("name"),
        read(rs.getString("return_urls")).stream().map(URI::create).toList(),
        url == null || secret == null ? null : URI.create(url),
        secret,
        events == null || events.isBlank() ? Set.of() : Set.of(events.trim().split("\\s+")),
        read(rs.getString("tags")),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  private String write(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }

  private List<String> read(String text) {
    try {
      return text == null ? List.of() : json.readValue(text, STRINGS);
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
