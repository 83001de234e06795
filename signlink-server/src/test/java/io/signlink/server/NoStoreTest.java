package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY.md §api-responses: no console page, API answer or error is kept by a cache; only the
 * console's static assets are cacheable.
 */
class NoStoreTest {
  static TestSignLink sl;
  static String connection;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, true);
    connection =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "cache-owner"));
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/console",
        "/console/connections/ID",
        "/console/connections/unknown",
        "/console/login"
      })
  void consolePagesAreNotStored(String path) {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> r = sl.get(browser, path.replace("ID", connection));
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/connections",
        "/api/connections/ID",
        "/api/connections/ID/accounts",
        "/api/connections/unknown",
        "/no/such/route"
      })
  void apiAnswersAndErrorsAreNotStored(String path) {
    String p = path.replace("ID", connection);
    HttpResponse<String> withKey = sl.api("GET", p, TestSignLink.ADMIN_KEY, null);
    assertThat(withKey.headers().firstValue("Cache-Control")).hasValue("no-store");
    HttpResponse<String> withoutKey = sl.api("GET", p, null, null);
    assertThat(withoutKey.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/console/assets/console.css", "/console/assets/console.js"})
  void staticAssetsStayCacheable(String path) {
    HttpResponse<String> r = sl.get(TestSignLink.browser(), path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
  }
}
