package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.oauth.Secret;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.ConnectSettings;
import io.signlink.runtime.config.ProviderSettings;
import io.signlink.runtime.config.ProxySettings;
import io.signlink.runtime.config.SignLinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy's usual requests are served below Javalin ({@code ProxyHandler}); everything else goes
 * to Javalin's route. This test sends the same raw requests — taken ones, refused ones, ones that
 * must fall through — to the same runtime served both ways, and requires byte-identical answers
 * (but for {@code Date}), the same access-log timer counts and the same 401 counting.
 */
class ProxyBelowJavalinTest {
  static Path dir;
  static Emulator emulator;
  static SignLinkConfig config;
  static String key;
  static String withoutTheScope;
  static String otherAppKey;
  static String docuSign;
  static String account;
  static String envelope;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("proxy-below-javalin");
    SignLinkConfig base =
        SignLinkServer.withConcretePort(SignLinkConfig.builder().dataDir(dir).port(0).build());
    emulator =
        Emulator.start(
            EmulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .autoApprove(true)
                .redirectUri("http://127.0.0.1:" + base.port() + "/callback/docusign")
                .build());
    config =
        base.toBuilder()
            .adminKey(Secret.of(TestSignLink.ADMIN_KEY))
            .proxy(new ProxySettings(64 * 1024))
            .connect(new ConnectSettings(List.of(TestSignLink.RETURN_PREFIX), "Acme Inc."))
            .provider(
                new ProviderSettings.DocuSign(
                    DemoClients.DOCUSIGN_INTEGRATION_KEY,
                    Secret.of(DemoClients.DOCUSIGN_SECRET),
                    false,
                    emulator.docuSignAccountBase(),
                    List.of()))
            .build();
    try (SignLinkServer server = serve(true)) {
      SignLinkRuntime runtime = server.runtime();
      TestSignLink sl = TestSignLink.of(emulator, server, dir);
      docuSign =
          TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "parity"));
      key = runtime.store().apiKeys().create("parity").plaintext().reveal();
      withoutTheScope = Apps.key(sl, "default", "connections:manage")[1];
      Apps.create(sl, "rival", "");
      otherAppKey = Apps.key(sl, "rival", "tokens:read")[1];
      account =
          TestSignLink.readJson(sl.api("GET", "/api/connections/" + docuSign, key, null).body())
              .get("account_id")
              .asText();
      envelope = emulator.docuSignGeneratedEnvelope(account, 40_000, 3);
    }
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  /** A server of its own runtime over the same database and keyset (a runtime serves once). */
  static SignLinkServer serve(boolean belowJavalin) {
    SignLinkRuntime runtime = SignLinkRuntime.open(config);
    try {
      return SignLinkServer.start(
          runtime, true, TestSignLink.GENEROUS_LIMITS, System::nanoTime, belowJavalin);
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** One request of the comparison, and what to do before it (emulator faults). */
  record Case(String name, String head, Consumer<Emulator> before) {
    Case(String name, String head) {
      this(name, head, e -> {});
    }
  }

  List<Case> cases() {
    String proxy = "/api/connections/" + docuSign + "/proxy/restapi/v2.1/accounts/" + account;
    String bearer = "\r\nAuthorization: Bearer ";
    return List.of(
        new Case("taken: GET", "GET " + proxy + " HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "taken: query",
            "GET "
                + proxy
                + "/envelopes?from_date=2020-01-01&count=2 HTTP/1.1\r\nHost: x"
                + bearer
                + key),
        new Case(
            "taken: a compressed answer passes as it is",
            "GET "
                + proxy
                + "/envelopes?from_date=2020-01-01&count=2 HTTP/1.1\r\nHost: x\r\nAccept-Encoding:"
                + " gzip"
                + bearer
                + key),
        new Case(
            "taken: plus signs and sub-delimiters",
            "GET " + proxy + "/a+b,c;d=e!$'()*@ HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "taken: provider 404", "GET " + proxy + "/nowhere HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "taken: provider 401, refresh and retry",
            "GET " + proxy + " HTTP/1.1\r\nHost: x" + bearer + key,
            e -> e.faults().failNextApiRequests(1, 401)),
        new Case(
            "taken: provider 503",
            "GET " + proxy + " HTTP/1.1\r\nHost: x" + bearer + key,
            e -> e.faults().failNextApiRequests(1, 503)),
        new Case(
            "taken: a small answer that breaks off (502)",
            "GET "
                + proxy
                + "/envelopes/"
                + envelope
                + "/documents/1 HTTP/1.1\r\nHost: x"
                + bearer
                + key,
            e -> e.faults().truncateNextDownload(10_000)),
        new Case(
            "taken: body over the cap (413)",
            "POST "
                + proxy
                + "/envelopes HTTP/1.1\r\nHost: x\r\nContent-Length: 70000"
                + bearer
                + key),
        new Case(
            "taken: path the API root refuses (400)",
            "GET " + proxy + "/a:b HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "taken: empty body POST",
            "POST " + proxy + "/envelopes HTTP/1.1\r\nHost: x\r\nContent-Length: 0" + bearer + key),
        new Case("to Javalin: no key", "GET " + proxy + " HTTP/1.1\r\nHost: x"),
        new Case(
            "to Javalin: unknown key",
            "GET " + proxy + " HTTP/1.1\r\nHost: x" + bearer + "sk_nope"),
        new Case(
            "to Javalin: key without the scope",
            "GET " + proxy + " HTTP/1.1\r\nHost: x" + bearer + withoutTheScope),
        new Case(
            "to Javalin: another application's connection",
            "GET " + proxy + " HTTP/1.1\r\nHost: x" + bearer + otherAppKey),
        new Case(
            "to Javalin: unknown connection",
            "GET /api/connections/nope/proxy/restapi HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: percent-escapes",
            "GET " + proxy + "/%65nvelopes HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: encoded dot segments",
            "GET " + proxy + "/%2e%2e/%2e%2e HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: dot segment",
            "GET " + proxy + "/./envelopes HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: dot-dot segment",
            "GET " + proxy + "/../../../admin HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: malformed escape",
            "GET " + proxy + "/%zz HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: malformed query",
            "GET " + proxy + "?a=%u0041 HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: trailing slash", "GET " + proxy + "/ HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: empty segment",
            "GET "
                + proxy.replace("/accounts/", "/accounts//")
                + " HTTP/1.1\r\nHost: x"
                + bearer
                + key),
        new Case("to Javalin: HEAD", "HEAD " + proxy + " HTTP/1.1\r\nHost: x" + bearer + key),
        new Case(
            "to Javalin: OPTIONS", "OPTIONS " + proxy + " HTTP/1.1\r\nHost: x" + bearer + key));
  }

  @Test
  void everyRequestIsAnsweredAlikeWhicheverWayItIsServed() throws Exception {
    Map<String, String> below = answers(true);
    Map<String, String> javalin = answers(false);
    for (String name : javalin.keySet()) {
      assertThat(below.get(name)).as(name).isEqualTo(javalin.get(name));
    }
    assertThat(below.get("taken: GET")).startsWith("HTTP/1.1 200");
    assertThat(below.get("taken: a compressed answer passes as it is"))
        .contains("Content-Encoding: gzip");
    assertThat(below.get("taken: provider 401, refresh and retry")).startsWith("HTTP/1.1 200");
    assertThat(below.get("taken: body over the cap (413)")).startsWith("HTTP/1.1 413");
    assertThat(below.get("taken: a small answer that breaks off (502)"))
        .startsWith("HTTP/1.1 502")
        .contains("provider_answer_cut");
    assertThat(below.get("to Javalin: no key")).startsWith("HTTP/1.1 401");
  }

  /** The answers of a server that serves the proxy {@code belowJavalin} or not, normalised. */
  Map<String, String> answers(boolean belowJavalin) throws Exception {
    Map<String, String> answers = new LinkedHashMap<>();
    try (SignLinkServer server = serve(belowJavalin)) {
      for (Case c : cases()) {
        c.before().accept(emulator);
        answers.put(c.name(), normalised(RawHttp.send(server.port(), c.head()).response()));
        emulator.faults().clear();
      }
      String metrics = RawHttp.send(server.port(), "GET /metrics HTTP/1.1\r\nHost: x").response();
      answers.put("proxy timers", proxyTimers(metrics));
    }
    return answers;
  }

  /** Status line, header lines sorted (without {@code Date}), then the body. */
  static String normalised(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    String[] head = (end < 0 ? raw : raw.substring(0, end)).split("\r\n");
    List<String> headers = new ArrayList<>(List.of(head).subList(1, head.length));
    headers.removeIf(h -> h.regionMatches(true, 0, "Date:", 0, 5));
    headers.sort(String.CASE_INSENSITIVE_ORDER);
    return head[0]
        + "\n"
        + String.join("\n", headers)
        + "\n\n"
        + (end < 0 ? "" : raw.substring(end + 4));
  }

  /** The proxy route's request-timer counts by method and status, from a Prometheus scrape. */
  static String proxyTimers(String scrape) {
    Matcher m =
        Pattern.compile(
                "signlink_http_server_requests_seconds_count\\{([^}]*route=\"/api/connections/\\{id\\}/proxy/<path>\"[^}]*)\\} (\\S+)")
            .matcher(scrape);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1) + " " + m.group(2));
    }
    found.sort(String::compareTo);
    return String.join("\n", found);
  }
}
