package io.signlink.server;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.profile.ClientSpec;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acrobat Sign and Zoho Sign through the service's {@code /callback/{provider}} route: the
 * redirect's shard or data centre is kept with the connection, and the connection's refresh, proxy
 * and console test call go there; a redirect that names any other host is refused with a page
 * before the code or the client secret is sent anywhere (SECURITY.md §callback-hosts).
 */
class CallbackHostsRoutesTest {
  static TestSignLink sl;
  static Emulator emu;
  static WireMockServer attacker;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("signlink-callback-hosts-test");
    int port =
        SignLinkServer.withConcretePort(SignLinkConfig.builder().dataDir(dir).port(0).build())
            .port();
    emu =
        Emulator.start(
            EmulatorConfig.builder().host("127.0.0.1").port(0).autoApprove(true).build());
    Map<String, String> env = new HashMap<>();
    env.put("SIGNLINK_DATA_DIR", dir.toString());
    env.put("SIGNLINK_PORT", Integer.toString(port));
    env.put("SIGNLINK_ADMIN_KEY", TestSignLink.ADMIN_KEY);
    env.put("SIGNLINK_CONNECT_RETURN_URLS", TestSignLink.RETURN_PREFIX);
    for (String id : new String[] {"acrobatsign", "zohosign"}) {
      Provider provider = emu.provider(id);
      ClientSpec client =
          emu.profile(provider).clients().stream()
              .filter(c -> c.clientSecret() != null)
              .findFirst()
              .orElseThrow();
      String prefix = "SIGNLINK_" + id.toUpperCase(Locale.ROOT) + "_";
      env.put(prefix + "CLIENT_ID", client.clientId());
      env.put(prefix + "CLIENT_SECRET", client.clientSecret());
      emu.signLinkHostSettings(provider)
          .forEach(
              (k, v) -> {
                if (!(id.equals("acrobatsign") && k.equals("API_URL"))) {
                  env.put(prefix + k, v);
                }
              });
    }
    SignLinkServer server =
        SignLinkServer.start(SignLinkConfig.fromEnvironment(env), TestSignLink.GENEROUS_LIMITS);
    sl = TestSignLink.of(emu, server, dir);
    attacker = new WireMockServer(wireMockConfig().dynamicPort());
    attacker.start();
  }

  @AfterAll
  static void stop() {
    if (attacker != null) {
      attacker.stop();
    }
    if (sl != null) {
      sl.close();
    }
  }

  @BeforeEach
  void reset() {
    attacker.resetAll();
    // answers like a token endpoint, so a leak would look like a success
    attacker.stubFor(
        any(anyUrl())
            .willReturn(
                okJson(
                    "{\"access_token\":\"stolen\",\"token_type\":\"Bearer\","
                        + "\"refresh_token\":\"stolen-rt\",\"expires_in\":3600}")));
    emu.stats().reset();
  }

  @AfterEach
  void noLeak() {
    assertThat(attacker.getAllServeEvents()).as("requests the attacker received").isEmpty();
  }

  @Test
  void anAcrobatConnectionOnShardEu1RefreshesAndCallsTheApiThere() {
    emu.signInAs(emu.provider("acrobatsign"), "luca.bianchi@example.eu");
    String id = connect("acrobatsign", "alice");
    String eu1 = emu.baseUri() + "/acrobatsign-api/eu1";

    JsonNode connection = connection(id);
    assertThat(connection.get("base_uri").asText()).isEqualTo(eu1);
    assertThat(connection.toString()).contains("luca.bianchi@example.eu");

    // the refresh goes to eu1's separate refresh endpoint: tokens are known only on their shard
    HttpResponse<String> refreshed =
        sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(emu.stats().count("acrobatsign.token.refresh_token")).isEqualTo(1);

    HttpResponse<String> proxied =
        sl.api(
            "GET",
            "/api/connections/" + id + "/proxy/api/rest/v6/agreements",
            TestSignLink.ADMIN_KEY,
            null);
    assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
    assertThat(proxied.body()).contains("Master services agreement");
    assertThat(consoleTestCall(id)).contains("Test call OK").contains("Acrobat Sign agreements:");
    assertThat(emu.stats().count("acrobatsign.api.wrong_region")).isZero();
  }

  @Test
  void aZohoConnectionInTheEuDataCentreRefreshesAndCallsTheApiThere() {
    emu.signInAs(emu.provider("zohosign"), "lena.schulz@example.eu");
    String id = connect("zohosign", "bob");

    JsonNode connection = connection(id);
    assertThat(connection.get("base_uri").asText()).isEqualTo(emu.baseUri() + "/zohosign/eu");

    HttpResponse<String> refreshed =
        sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(emu.stats().count("zohosign.token.refresh_token")).isEqualTo(1);

    HttpResponse<String> proxied =
        sl.api(
            "GET",
            "/api/connections/" + id + "/proxy/api/v1/requests",
            TestSignLink.ADMIN_KEY,
            null);
    assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
    assertThat(proxied.body()).contains("Vendor onboarding");
    assertThat(consoleTestCall(id)).contains("Test call OK").contains("Zoho Sign: ");
  }

  @Test
  void aCallbackNamingAnotherApiAccessPointIsRefusedBeforeTheCodeIsSentAnywhere() {
    for (String crafted :
        new String[] {
          attacker.baseUrl() + "/",
          "https://api.na1.adobesign.com.attacker.example/",
          emu.baseUri() + "@127.0.0.1:" + attacker.port() + "/"
        }) {
      HttpResponse<String> page = craftedCallback("acrobatsign", "api_access_point", crafted);
      assertThat(page.statusCode()).as(crafted).isEqualTo(400);
      assertThat(page.body()).contains("does not trust").doesNotContain(crafted);
    }
    assertThat(emu.stats().tokenRequests(emu.provider("acrobatsign"))).isZero();
  }

  @Test
  void aCallbackNamingAnotherZohoAccountsServerIsRefusedBeforeTheCodeIsSentAnywhere() {
    for (String crafted : new String[] {attacker.baseUrl(), "https://accounts.zoho.com"}) {
      HttpResponse<String> page = craftedCallback("zohosign", "accounts-server", crafted);
      assertThat(page.statusCode()).as(crafted).isEqualTo(400);
      assertThat(page.body()).contains("does not trust");
    }
    assertThat(emu.stats().tokenRequests(emu.provider("zohosign"))).isZero();
  }

  /** Begins at SignLink, consents at the emulator, rewrites one redirect parameter, returns. */
  private HttpResponse<String> craftedCallback(String provider, String name, String value) {
    HttpClient browser = TestSignLink.browser();
    URI callback = consent(browser, sl.begin(browser, provider, "mallory", ""));
    assertThat(callback.getRawQuery()).contains(name + "=");
    return TestSignLink.send(
        browser, HttpRequest.newBuilder(withParameter(callback, name, value)).GET().build());
  }

  private String connect(String provider, String owner) {
    HttpClient browser = TestSignLink.browser();
    URI callback =
        consent(
            browser,
            sl.begin(
                browser,
                provider,
                owner,
                "\"return_url\": \"" + TestSignLink.RETURN_PREFIX + "done\""));
    HttpResponse<String> done =
        TestSignLink.send(browser, HttpRequest.newBuilder(callback).GET().build());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    return TestSignLink.connectionId(done);
  }

  /**
   * Follows SignLink's 303 to the emulator and allows there — on the consent page when the provider
   * forces one (Zoho's {@code prompt=consent}) — returning the redirect to SignLink.
   */
  private static URI consent(HttpClient browser, HttpResponse<String> begin) {
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> page =
        TestSignLink.send(browser, HttpRequest.newBuilder(authorize).GET().build());
    if (page.statusCode() == 200) {
      Matcher action = Pattern.compile("<form[^>]*action=\"([^\"]*)\"").matcher(page.body());
      assertThat(action.find()).as("the consent page has a form").isTrue();
      String form =
          "request_id="
              + TestSignLink.enc(field(page.body(), "request_id"))
              + "&csrf_token="
              + TestSignLink.enc(field(page.body(), "csrf_token"))
              + "&user="
              + TestSignLink.enc(checkedUser(page.body()))
              + "&decision=allow";
      page =
          TestSignLink.send(
              browser,
              HttpRequest.newBuilder(authorize.resolve(unescape(action.group(1))))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build());
    }
    return authorize.resolve(page.headers().firstValue("Location").orElseThrow());
  }

  private static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("the consent page has " + name).isTrue();
    return unescape(m.group(1));
  }

  private static String checkedUser(String html) {
    Matcher m = Pattern.compile("name=\"user\" value=\"([^\"]*)\" checked").matcher(html);
    if (m.find()) {
      return unescape(m.group(1));
    }
    return field(html, "user");
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private JsonNode connection(String id) {
    return TestSignLink.readJson(
        sl.api("GET", "/api/connections/" + id, TestSignLink.ADMIN_KEY, null).body());
  }

  private String consoleTestCall(String id) {
    HttpClient console = TestSignLink.browser();
    sl.postForm(console, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    Matcher m =
        Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
            .matcher(sl.get(console, "/console").body());
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    HttpResponse<String> tested =
        sl.postForm(console, "/console/connections/" + id + "/test", "csrf=" + m.group(1));
    assertThat(tested.statusCode()).isEqualTo(303);
    return sl.get(console, "/console/connections/" + id).body();
  }

  private static URI withParameter(URI uri, String name, String value) {
    StringBuilder q = new StringBuilder();
    for (String pair : uri.getRawQuery().split("&")) {
      q.append(q.length() == 0 ? "" : "&")
          .append(pair.startsWith(name + "=") ? name + "=" + TestSignLink.enc(value) : pair);
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + q);
  }
}
