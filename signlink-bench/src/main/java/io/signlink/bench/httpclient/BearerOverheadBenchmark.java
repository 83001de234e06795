package io.signlink.bench.httpclient;

import io.signlink.bench.lifecycle.MapConnectionStore;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.TokenManager;
import io.signlink.httpclient.SignLinkHttpClient;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.okhttp.SignLinkOkHttp;
import io.signlink.provider.api.BearerTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One GET through each HTTP client with a cached token, bare and through SignLink's adapter, over a
 * transport that answers without I/O: the JDK client is {@link StubHttpClient}; OkHttp ends its
 * application-interceptor chain in an interceptor that answers {@code 200} itself. The SignLink
 * variants take the token from a {@link TokenManager} holding a fresh one (its hot path, no
 * refresh). Sampled (JMH {@code sample}) so the report can take medians, which a shared, loaded
 * machine disturbs far less than means. Not thread-safe (JMH state per benchmark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BearerOverheadBenchmark {
  static final String TOKEN = "at-bench";
  static final String URL = "http://127.0.0.1:9/restapi/v2.1/accounts/acct-1";

  private final StubHttpClient jdk = new StubHttpClient();
  private final HttpRequest jdkRequest = HttpRequest.newBuilder(URI.create(URL)).GET().build();
  private Fresh fresh;
  private SignLinkHttpClient jdkSignLink;
  private OkHttpClient okBare;
  private OkHttpClient okSignLink;
  private Request okRequest;

  @Setup
  public void setUp() {
    fresh = freshTokenManager();
    BearerTokens tokens = new ConnectionBearerTokens(fresh.manager(), fresh.connectionId());
    jdkSignLink = SignLinkHttpClient.wrap(jdk, tokens);
    OkHttpClient base = new OkHttpClient.Builder().build();
    okBare = base.newBuilder().addInterceptor(new Answer()).build();
    okSignLink =
        SignLinkOkHttp.install(base.newBuilder(), tokens).addInterceptor(new Answer()).build();
    okRequest = new Request.Builder().url(URL).build();
  }

  @TearDown
  public void tearDown() {
    fresh.manager().close();
  }

  /** The caller adds a token it already holds. */
  @Benchmark
  public HttpResponse<Void> jdkBare() {
    return jdk.send(
        HttpRequest.newBuilder(jdkRequest, (n, v) -> true)
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @Benchmark
  public HttpResponse<Void> jdkSignLink() throws IOException, InterruptedException {
    return jdkSignLink.send(jdkRequest, HttpResponse.BodyHandlers.discarding());
  }

  /** The caller adds a token it already holds. */
  @Benchmark
  public int okHttpBare() throws IOException {
    try (Response r =
        okBare
            .newCall(okRequest.newBuilder().header("Authorization", "Bearer " + TOKEN).build())
            .execute()) {
      return r.code();
    }
  }

  @Benchmark
  public int okHttpSignLink() throws IOException {
    try (Response r = okSignLink.newCall(okRequest).execute()) {
      return r.code();
    }
  }

  /** The end of OkHttp's chain: answers 200 without a network. */
  static final class Answer implements Interceptor {
    @Override
    public Response intercept(Chain chain) {
      if (chain.request().header("Authorization") == null) {
        throw new IllegalStateException("the benchmark request carries no token");
      }
      return new Response.Builder()
          .request(chain.request())
          .protocol(Protocol.HTTP_1_1)
          .code(200)
          .message("OK")
          .body(ResponseBody.create("", null))
          .build();
    }
  }

  /** A token manager with one connection whose token is fresh for hours. */
  private static Fresh freshTokenManager() {
    Instant now = Instant.now();
    MapConnectionStore store = new MapConnectionStore();
    TokenSet tokens =
        new TokenSet(
            Secret.of(TOKEN),
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
    TokenManager m =
        TokenManager.builder(
                store,
                conn -> {
                  throw new IllegalStateException("the token is fresh; no refresh expected");
                })
            .build();
    m.accessToken(c.id());
    return new Fresh(m, c.id());
  }

  private record Fresh(TokenManager manager, String connectionId) {}
}
