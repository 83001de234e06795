package io.signlink.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.testing.ProtectedApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OkHttp interceptor and authenticator follow the refresh-once, retry-once rule (SECURITY.md
 * §retry-on-401) against a real server.
 */
class SignLinkOkHttpTest {
  ProtectedApi api = new ProtectedApi();
  OkHttpClient http = SignLinkOkHttp.install(new OkHttpClient.Builder(), api.tokens()).build();
  ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  int status(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  int get(String path) throws IOException {
    return status(new Request.Builder().url(api.url(path)).build());
  }

  @Test
  void sendsTheConnectionsCurrentTokenInsteadOfAnyOther() throws IOException {
    status(
        new Request.Builder()
            .url(api.url("/api/forbidden"))
            .header("Authorization", "Bearer somebody-elses")
            .build());
    assertThat(api.authorizations("/api/forbidden")).containsExactly("Bearer at-0");
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndTheCallRetriedOnce() throws IOException {
    try (Response response =
        http.newCall(new Request.Builder().url(api.url("/api/me")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).contains("ok");
    }
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void aSecond401IsReturnedToTheCallerWithoutAnotherRefreshOrRetry() throws IOException {
    assertThat(get("/api/revoked")).isEqualTo(401);
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/revoked")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void concurrentRefusalsShareOneRefresh() throws Exception {
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> get("/api/me"));
    }
    for (Future<Integer> f : pool.invokeAll(calls)) {
      assertThat(f.get()).isEqualTo(200);
    }
    assertThat(api.refreshes()).isEqualTo(1);
  }

  @Test
  void a403NeverRefreshes() throws IOException {
    assertThat(get("/api/forbidden")).isEqualTo(403);
    assertThat(api.refreshes()).isZero();
    assertThat(api.requests("/api/forbidden")).hasSize(1);
  }

  @Test
  void aOneShotBodyIsNotSentTwiceButItsResendGetsTheNewToken() throws IOException {
    Request upload = new Request.Builder().url(api.url("/api/me")).post(new OneShotBody()).build();
    assertThat(status(upload)).isEqualTo(401);
    assertThat(api.requests("/api/me")).hasSize(1);
    assertThat(api.refreshes()).isEqualTo(1);

    Request again = new Request.Builder().url(api.url("/api/me")).post(new OneShotBody()).build();
    assertThat(status(again)).isEqualTo(200);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  /** A streamed upload OkHttp must not send twice. */
  static final class OneShotBody extends RequestBody {
    @Override
    public MediaType contentType() {
      return MediaType.get("application/octet-stream");
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8("chunk");
    }
  }
}
