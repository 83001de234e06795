package io.signlink.store;

import com.google.crypto.tink.KeysetHandle;
import io.signlink.application.ApplicationStore;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.EventLog;
import io.signlink.error.StoreException;
import io.signlink.oauth.PendingAuthorizationStore;
import io.signlink.store.apikey.ApiKeyStore;
import io.signlink.store.application.JdbcApplicationStore;
import io.signlink.store.connection.JdbcConnectionStore;
import io.signlink.store.connectsession.ConnectSessionStore;
import io.signlink.store.crypto.KeyCheck;
import io.signlink.store.crypto.KeyRotation;
import io.signlink.store.crypto.RotationReport;
import io.signlink.store.crypto.TokenCipher;
import io.signlink.store.event.JdbcEventLog;
import io.signlink.store.jdbc.ChangeFeed;
import io.signlink.store.jdbc.Database;
import io.signlink.store.jdbc.Migrations;
import io.signlink.store.outbox.WebhookOutbox;
import io.signlink.store.pending.JdbcPendingAuthorizationStore;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The vault, opened: pools, migrated schema, verified keyset, and the stores built on them. {@link
 * #open} connects, runs Flyway, loads the keyset (generating one only for a brand-new embedded
 * database) and checks it against the key-check row, refusing to start on a mismatch. Thread-safe;
 * close it once at shutdown.
 */
public final class SignLinkStore implements AutoCloseable {
  private final StoreConfig config;
  private final Database database;
  private final ChangeFeed feed;
  private final JdbcConnectionStore connections;
  private final JdbcPendingAuthorizationStore pending;
  private final JdbcEventLog events;
  private final ApiKeyStore apiKeys;
  private final JdbcApplicationStore applications;
  private final ConnectSessionStore connectSessions;
  private final WebhookOutbox webhookOutbox;
  private final KeyRotation keys;

  private SignLinkStore(StoreConfig config, Database database, TokenCipher cipher) {
    this.config = config;
    this.database = database;
    this.feed = new ChangeFeed(database);
    this.connections = new JdbcConnectionStore(database, cipher, feed, config.clock());
    this.pending =
        new JdbcPendingAuthorizationStore(database, cipher, config.maxPendingAuthorizations());
    this.events = new JdbcEventLog(database);
    this.apiKeys = new ApiKeyStore(database, config.clock());
    this.applications = new JdbcApplicationStore(database, cipher, config.clock());
    this.connectSessions = new ConnectSessionStore(database, config.clock());
    this.webhookOutbox = new WebhookOutbox(database, config.clock());
    Path file =
        config.keyset() instanceof KeysetSource.FileKeyset f ? f.path().toAbsolutePath() : null;
    this.keys = new KeyRotation(database, cipher, file, config.keyset().describe());
  }

  /**
   * Opens the vault described by {@code config}.
   *
   * @throws io.signlink.error.TransientException {@code DATABASE_UNAVAILABLE} when the database
   *     cannot be reached
   * @throws StoreException {@code KEYSET_INVALID} when the keyset is missing, unreadable or not
   *     this database's; {@code SCHEMA} when migration fails
   * @throws io.signlink.error.ConfigurationException for an unsupported URL (from {@link
   *     StoreConfig})
   */
  public static SignLinkStore open(StoreConfig config) {
    NewFiles created =
        NewFiles.before(config.postgres() ? null : Database.sqliteFile(config.jdbcUrl()));
    try {
      return openOrThrow(config);
    } catch (RuntimeException e) {
      created.remove(); // a failed start leaves no new, empty database behind
      throw e;
    }
  }

  private static SignLinkStore openOrThrow(StoreConfig config) {
    Database db = Database.open(config);
    try {
      Migrations.migrate(db);
      boolean hasData = KeyCheck.databaseHasData(db);
      KeysetHandle keyset = KeysetLoading.load(config.keyset(), hasData, db.description());
      TokenCipher cipher = new TokenCipher(keyset);
      KeyCheck.verifyOrCreate(db, cipher, config.keyset().describe(), config.clock());
      return new SignLinkStore(config, db, cipher);
    } catch (GeneralSecurityException e) {
      db.close();
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "The " + config.keyset().describe() + " cannot be used for AEAD encryption.",
          null);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public ConnectionStore connections() {
    return connections;
  }

  public PendingAuthorizationStore pendingAuthorizations() {
    return pending;
  }

  public EventLog events() {
    return events;
  }

  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  /** The applications (SECURITY.md §applications). */
  public ApplicationStore applications() {
    return applications;
  }

  /** Connect sessions (SECURITY.md §connect-sessions). */
  public ConnectSessionStore connectSessions() {
    return connectSessions;
  }

  /** Webhook deliveries waiting, done and given up (SECURITY.md §durable-webhooks). */
  public WebhookOutbox webhookOutbox() {
    return webhookOutbox;
  }

  /** Key rotation and re-encryption (SECURITY.md §key-management). */
  public KeyRotation keys() {
    return keys;
  }

  /** Adds a new primary key and re-encrypts every row; see {@link KeyRotation#rotate()}. */
  public RotationReport rotateKeys() {
    return keys.rotate();
  }

  /**
   * Throws {@code TransientException(DATABASE_UNAVAILABLE)} unless the database answers
   * (readiness).
   */
  public void ping() {
    database.ping();
  }

  /** The backend in use. */
  public Database.Backend backend() {
    return database.backend();
  }

  /** The database for messages and status pages, without credentials. */
  public String describe() {
    return database.description();
  }

  public StoreConfig config() {
    return config;
  }

  /** Stops the change listener and closes the pools. */
  @Override
  public void close() {
    feed.close();
    database.close();
  }
}
