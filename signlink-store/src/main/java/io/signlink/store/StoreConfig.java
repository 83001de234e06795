package io.signlink.store;

import io.signlink.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * How to open the vault. A {@code jdbc:sqlite:} URL (the default, {@code <dataDir>/signlink.db}) is
 * the embedded single-instance mode; {@code jdbc:postgresql:} is for several instances sharing one
 * database. Immutable; build with {@link #builder()} or {@link #fromEnvironment(Map, Path)}.
 *
 * @param jdbcUrl the database; never logged with its credentials
 * @param dataDir where the SQLite file and the generated keyset live
 * @param keyset where the key-encryption keyset comes from
 * @param poolSize the connection pool size (SQLite: readers; it always has one writer)
 * @param connectionTimeout how long a caller waits for a database connection before a {@link
 *     io.signlink.error.TransientException}
 * @param clock the time source for created/updated stamps, leases and expiry
 * @param maxPendingAuthorizations how many consent flows may be in progress at once, across all
 *     instances; a flow begun beyond it is refused as busy (SECURITY.md §pending-authorizations)
 * @param dataSource the application's own PostgreSQL pool, used instead of {@code jdbcUrl} and
 *     never closed by SignLink; {@code null} (the default) opens SignLink's own pools
 */
public record StoreConfig(
    String jdbcUrl,
    Path dataDir,
    KeysetSource keyset,
    int poolSize,
    Duration connectionTimeout,
    Clock clock,
    int maxPendingAuthorizations,
    DataSource dataSource) {

  /** 10,000 flows in progress: far above honest use, a few MB of rows at most. */
  public static final int DEFAULT_MAX_PENDING_AUTHORIZATIONS = 10_000;

  public static final String DB_URL = "SIGNLINK_DB_URL";
  public static final String DATA_DIR = "SIGNLINK_DATA_DIR";
  public static final String KEYSET = "SIGNLINK_KEYSET";
  public static final String KEYSET_FILE = "SIGNLINK_KEYSET_FILE";
  public static final String POOL_SIZE = "SIGNLINK_DB_POOL_SIZE";

  /** The {@link #jdbcUrl()} of a configuration on the application's own {@link DataSource}. */
  public static final String APPLICATION_DATA_SOURCE = "jdbc:postgresql:application-data-source";

  public StoreConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (dataSource != null && jdbcUrl != null && !jdbcUrl.isBlank()) {
      throw new ConfigurationException(
          DB_URL, "set either a database URL or a DataSource, not both; drop the URL");
    }
    if (dataSource != null) {
      jdbcUrl = APPLICATION_DATA_SOURCE; // checked to be PostgreSQL when the store opens
    }
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      jdbcUrl = "jdbc:sqlite:" + dataDir.resolve("signlink.db");
    }
    if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(
          DB_URL,
          "unsupported database URL (scheme "
              + scheme(jdbcUrl)
              + "). Use jdbc:sqlite:/path/signlink.db or jdbc:postgresql://host:5432/db");
    }
    if (keyset == null) {
      keyset = KeysetSource.generatedIn(dataDir);
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new ConfigurationException(POOL_SIZE, "must be between 1 and 200, was " + poolSize);
    }
    if (maxPendingAuthorizations < 1) {
      throw new IllegalArgumentException("maxPendingAuthorizations must be positive");
    }
  }

  /** True for the PostgreSQL backend. */
  public boolean postgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /**
   * Reads {@code SIGNLINK_DB_URL}, {@code SIGNLINK_DATA_DIR}, {@code SIGNLINK_KEYSET}, {@code
   * SIGNLINK_KEYSET_FILE} and {@code SIGNLINK_DB_POOL_SIZE} from {@code env} (pass {@code
   * System.getenv()}).
   */
  public static StoreConfig fromEnvironment(Map<String, String> env, Path defaultDataDir) {
    Builder b = builder();
    String dir = env.get(DATA_DIR);
    b.dataDir(dir == null || dir.isBlank() ? defaultDataDir : Path.of(dir));
    b.jdbcUrl(env.get(DB_URL));
    String inline = env.get(KEYSET);
    String file = env.get(KEYSET_FILE);
    if (inline != null && !inline.isBlank() && file != null && !file.isBlank()) {
      throw new ConfigurationException(
          KEYSET, "set either SIGNLINK_KEYSET or SIGNLINK_KEYSET_FILE, not both");
    }
    if (inline != null && !inline.isBlank()) {
      b.keyset(KeysetSource.inline(KEYSET, inline.strip()));
    } else if (file != null && !file.isBlank()) {
      b.keyset(KeysetSource.file(Path.of(file)));
    }
    String pool = env.get(POOL_SIZE);
    if (pool != null && !pool.isBlank()) {
      try {
        b.poolSize(Integer.parseInt(pool.strip()));
      } catch (NumberFormatException e) {
        throw new ConfigurationException(POOL_SIZE, "must be a whole number, e.g. 10");
      }
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String scheme(String url) {
    int second = url.indexOf(':', url.indexOf(':') + 1);
    return second > 0 ? url.substring(0, second) : "unknown";
  }

  /**
   * Builder with the defaults: SQLite in {@code ./signlink-data}, pool 8, 5 s, system UTC clock.
   */
  public static final class Builder {
    private String jdbcUrl;
    private Path dataDir = Path.of("signlink-data");
    private KeysetSource keyset;
    private int poolSize = 8;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private int maxPendingAuthorizations = DEFAULT_MAX_PENDING_AUTHORIZATIONS;
    private DataSource dataSource;

    private Builder() {}

    /**
     * The application's PostgreSQL pool (e.g. a {@code HikariDataSource}) instead of a URL: the
     * store migrates its tables through it and borrows its connections, one of them held for the
     * change listener; {@link SignLinkStore#close()} leaves it open. SQLite is opened from a URL.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder keyset(KeysetSource keyset) {
      this.keyset = keyset;
      return this;
    }

    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder maxPendingAuthorizations(int max) {
      this.maxPendingAuthorizations = max;
      return this;
    }

    public StoreConfig build() {
      return new StoreConfig(
          jdbcUrl,
          dataDir,
          keyset,
          poolSize,
          connectionTimeout,
          clock,
          maxPendingAuthorizations,
          dataSource);
    }
  }
}
