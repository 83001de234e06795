package io.signlink.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.signlink.application.ApiScope;
import io.signlink.error.TransientException;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.store.apikey.IssuedApiKey;
import io.signlink.store.crypto.Keysets;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verified API key keeps working while PostgreSQL is unreachable (SECURITY.md §api-auth): the
 * remembered answer serves when the re-check fails transiently; a key never verified is not guessed
 * (transient error, 503). Once the database answers again, a revocation made meanwhile applies
 * within {@link ApiKeyAuth#REMEMBER}.
 */
class ApiKeyAuthOutageTest {
  static final String PG =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @TempDir Path dir;
  String schema;
  SignLinkStore direct;
  SignLinkStore proxied;
  SwitchableTcpProxy proxy;

  @BeforeEach
  void open() throws Exception {
    schema = "sl_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
    try (var c = DriverManager.getConnection(PG);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Path keyset = dir.resolve("keyset.json");
    Keysets.createFile(keyset);
    String url = PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    direct =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(url)
                .dataDir(dir)
                .keyset(KeysetSource.file(keyset))
                .poolSize(2)
                .build());
    URI pg = URI.create(PG.substring("jdbc:".length()));
    proxy = new SwitchableTcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
    proxied =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"))
                .dataDir(dir)
                .keyset(KeysetSource.file(keyset))
                .connectionTimeout(Duration.ofSeconds(1))
                .poolSize(2)
                .build());
  }

  @AfterEach
  void close() throws Exception {
    proxied.close();
    proxy.close();
    direct.close();
    try (var c = DriverManager.getConnection(PG);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void aVerifiedKeyServesThroughAnOutageAndARevocationAppliesOnceTheDatabaseIsBack() {
    IssuedApiKey issued =
        direct.apiKeys().create("k", "default", Set.of(ApiScope.TOKENS_READ), null);
    IssuedApiKey never =
        direct.apiKeys().create("never-used", "default", Set.of(ApiScope.TOKENS_READ), null);
    String key = issued.plaintext().reveal();
    AtomicLong nanos = new AtomicLong();
    MutableClock clock = new MutableClock(Instant.now());
    ApiKeyAuth auth = new ApiKeyAuth(proxied.apiKeys(), null, clock, nanos::get);

    assertThat(auth.authenticate(key)).map(ApiPrincipal::keyId).contains(issued.apiKey().id());
    assertThat(auth.stillValid(issued.apiKey().id())).isTrue();

    proxy.down();
    nanos.addAndGet(ApiKeyAuth.REMEMBER.toNanos() * 2);
    assertThat(auth.authenticate(key)).as("served while the database is down").isPresent();
    assertThat(auth.stillValid(issued.apiKey().id())).isTrue();
    assertThatThrownBy(() -> auth.authenticate(never.plaintext().reveal()))
        .isInstanceOf(TransientException.class);
    direct.apiKeys().revoke(issued.apiKey().id()); // e.g. `signlink keys revoke` meanwhile

    proxy.up();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              nanos.addAndGet(ApiKeyAuth.REMEMBER.toNanos() * 2);
              try {
                return auth.authenticate(key).isEmpty();
              } catch (TransientException e) {
                return false; // the pool is still reconnecting
              }
            });
    assertThat(auth.stillValid(issued.apiKey().id())).isFalse();
  }
}
