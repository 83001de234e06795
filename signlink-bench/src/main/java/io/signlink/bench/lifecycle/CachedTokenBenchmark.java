package io.signlink.bench.lifecycle;

import io.signlink.connection.AccessToken;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.TokenManager;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot path: {@link TokenManager#accessToken(String)} on a cached, fresh token, against its
 * floor (a {@link ConcurrentHashMap#get}) and Spring Security's {@code
 * OAuth2AuthorizedClientManager.authorize()} on a fresh token, in the same run. No I/O in any of
 * them. Not thread-safe (JMH state per benchmark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CachedTokenBenchmark {
  private ConcurrentHashMap<String, AccessToken> map;
  private TokenManager manager;
  private SpringAnchor spring;
  private String id;

  @Setup
  public void setUp() {
    Instant now = Instant.now();
    MapConnectionStore store = new MapConnectionStore();
    TokenSet tokens =
        new TokenSet(
            Secret.of("at-bench"),
            "Bearer",
            Secret.of("rt-bench"),
            null,
            Set.of("signature"),
            now,
            now.plus(Duration.ofHours(8)),
            null);
    Connection c =
        store
            .upsert(
                new ConnectionDraft(
                    "docusign",
                    "owner-1",
                    "sub-1",
                    null,
                    null,
                    null,
                    null,
                    Set.of("signature"),
                    tokens))
            .connection();
    id = c.id();
    manager =
        TokenManager.builder(
                store,
                conn -> {
                  throw new IllegalStateException(
                      "the benchmark token is fresh; no refresh expected");
                })
            .build();
    AccessToken warm = manager.accessToken(id);
    map = new ConcurrentHashMap<>();
    map.put(id, warm);
    spring =
        new SpringAnchor(URI.create("http://127.0.0.1:9/docusign"), "bench-client", "bench-secret");
    spring.store("at-bench", now, now.plus(Duration.ofHours(8)), "rt-bench");
    spring.authorize();
  }

  @Benchmark
  public AccessToken concurrentHashMapGet() {
    return map.get(id);
  }

  @Benchmark
  public AccessToken signLinkAccessToken() {
    return manager.accessToken(id);
  }

  @Benchmark
  public String springAuthorize() {
    return spring.authorize();
  }
}
