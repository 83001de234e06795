package io.signlink.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.oauth.Secret;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.ConnectSettings;
import io.signlink.runtime.config.ProviderSettings;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.server.http.ClientLimits;
import io.signlink.server.http.RateLimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real SignLink server on a free loopback port in front of the in-process emulator (BoldSign and
 * DocuSign), with a fresh SQLite store in a temp folder. Close it after the test.
 */
final class TestSignLink implements AutoCloseable {
  static final String ADMIN_KEY = "sk_test_admin_key_0123456789abcdef";

  /** The return URLs the test application may use (SIGNLINK_CONNECT_RETURN_URLS). */
  static final String RETURN_PREFIX = "https://app.example.test/signlink/";

  static final ObjectMapper JSON = new ObjectMapper();

  final Emulator emulator;
  final SignLinkServer server;
  final Path dataDir;

  private TestSignLink(Emulator emulator, SignLinkServer server, Path dataDir) {
    this.emulator = emulator;
    this.server = server;
    this.dataDir = dataDir;
  }

  static TestSignLink start(boolean autoApprove, boolean devMode) {
    return start(autoApprove, devMode, UnaryOperator.identity());
  }

  static TestSignLink start(
      boolean autoApprove, boolean devMode, UnaryOperator<SignLinkConfig.Builder> more) {
    return start(autoApprove, devMode, more, UnaryOperator.identity(), null);
  }

  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      UnaryOperator<EmulatorConfig.Builder> emulatorMore) {
    return start(autoApprove, devMode, more, emulatorMore, null);
  }

  /** As above, with SignLink (not the emulator) on {@code clock}. */
  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      java.time.Clock clock) {
    return start(autoApprove, devMode, more, UnaryOperator.identity(), clock);
  }

  /** As above with a null (system) {@code clock} or {@code clock}, and generous rate limits. */
  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      UnaryOperator<EmulatorConfig.Builder> emulatorMore,
      java.time.Clock clock) {
    return start(autoApprove, devMode, more, emulatorMore, clock, GENEROUS_LIMITS);
  }

  /**
   * Rate limits no functional test reaches (all its requests come from 127.0.0.1); {@code
   * RateLimitsTest} runs the defaults.
   */
  static final ClientLimits.Rules GENEROUS_LIMITS =
      new ClientLimits.Rules(
          new RateLimiter.Rule("connect", 100_000, Duration.ofMillis(1)),
          new RateLimiter.Rule("api_key_failures", 100_000, Duration.ofMillis(1)),
          new RateLimiter.Rule("console_login_failures", 100_000, Duration.ofMillis(1)));

  /** The general form; a null {@code clock} means the system clock. */
  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      UnaryOperator<EmulatorConfig.Builder> emulatorMore,
      java.time.Clock clock,
      ClientLimits.Rules limits) {
    return start(autoApprove, devMode, more, emulatorMore, clock, limits, null);
  }

  /**
   * As above, with the rate limits' buckets refilled on {@code nanoTime} (null: the system's), so a
   * test can hold their time still however slowly its requests go out.
   */
  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      UnaryOperator<EmulatorConfig.Builder> emulatorMore,
      java.time.Clock clock,
      ClientLimits.Rules limits,
      java.util.function.LongSupplier nanoTime) {
    try {
      Path dir = Files.createTempDirectory("signlink-server-test");
      SignLinkConfig base =
          SignLinkServer.withConcretePort(SignLinkConfig.builder().dataDir(dir).port(0).build());
      int port = base.port();
      Emulator emu =
          Emulator.start(
              emulatorMore
                  .apply(
                      EmulatorConfig.builder()
                          .host("127.0.0.1")
                          .port(0)
                          .autoApprove(autoApprove)
                          .redirectUri(
                              "http://127.0.0.1:" + port + "/callback/boldsign",
                              "http://127.0.0.1:" + port + "/callback/docusign"))
                  .build());
      SignLinkConfig.Builder b =
          base.toBuilder()
              .adminKey(Secret.of(ADMIN_KEY))
              .connect(new ConnectSettings(List.of(RETURN_PREFIX), "Acme Inc."))
              .devMode(devMode)
              .provider(
                  new ProviderSettings.BoldSign(
                      DemoClients.BOLDSIGN_CLIENT_ID,
                      Secret.of(DemoClients.BOLDSIGN_CLIENT_SECRET),
                      "us",
                      emu.boldSignAccountBase(),
                      emu.boldSignApiBase(),
                      List.of()))
              .provider(
                  new ProviderSettings.DocuSign(
                      DemoClients.DOCUSIGN_INTEGRATION_KEY,
                      Secret.of(DemoClients.DOCUSIGN_SECRET),
                      false,
                      emu.docuSignAccountBase(),
                      List.of()));
      SignLinkConfig config = more.apply(b).build();
      SignLinkServer server;
      if (nanoTime != null) {
        SignLinkRuntime runtime =
            clock == null
                ? SignLinkRuntime.open(config)
                : SignLinkRuntime.open(config, clock, new io.signlink.http.JdkHttpTransport());
        try {
          server = SignLinkServer.start(runtime, true, limits, nanoTime);
        } catch (RuntimeException e) {
          runtime.close();
          throw e;
        }
      } else {
        server =
            clock == null
                ? SignLinkServer.start(config, limits)
                : SignLinkServer.start(
                    SignLinkRuntime.open(config, clock, new io.signlink.http.JdkHttpTransport()),
                    true,
                    limits);
      }
      return new TestSignLink(emu, server, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SignLink and emulator a test started itself; {@link #close()} stops both. */
  /**
   * The environment of a server on {@code port} over {@code dataDir} with the emulator's provider
   * {@code id} configured as an operator would (its demo client {@code <id>-demo-client}, the
   * emulator's account and API bases); mutable, for the caller's further settings.
   */
  static Map<String, String> emulatedProviderEnvironment(
      Path dataDir, int port, Emulator emulator, String id) {
    Provider provider = emulator.provider(id);
    String prefix = "SIGNLINK_" + id.toUpperCase(Locale.ROOT) + "_";
    Map<String, String> env = new HashMap<>();
    env.put("SIGNLINK_DATA_DIR", dataDir.toString());
    env.put("SIGNLINK_PORT", Integer.toString(port));
    env.put("SIGNLINK_ADMIN_KEY", ADMIN_KEY);
    env.put("SIGNLINK_CONNECT_RETURN_URLS", RETURN_PREFIX);
    env.put(prefix + "CLIENT_ID", id + "-demo-client");
    env.put(prefix + "CLIENT_SECRET", id + "-demo-secret");
    env.put(prefix + "ACCOUNT_URL", emulator.accountBase(provider).toString());
    env.put(prefix + "API_URL", emulator.apiBase(provider).toString());
    return env;
  }

  static TestSignLink of(Emulator emulator, SignLinkServer server, Path dataDir) {
    return new TestSignLink(emulator, server, dataDir);
  }

  /** A URL on the listening socket (the public URL may name another host). */
  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** A browser-like client: keeps cookies, follows no redirects. */
  static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(HttpClient client, String path) {
    return send(client, HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> api(String method, String path, String key, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return send(browser(), b.build());
  }

  /**
   * Creates a connect session through the API with the admin key; {@code extra} is more JSON
   * members (e.g. {@code "\"email\": \"a@b\""}) or empty. Returns the 201 body.
   */
  JsonNode createSession(String provider, String owner, String extra) {
    String body =
        "{\"owner\": "
            + quote(owner)
            + ", \"providers\": ["
            + quote(provider)
            + "]"
            + (extra.isEmpty() ? "" : ", " + extra)
            + "}";
    HttpResponse<String> r = api("POST", "/api/connect-sessions", ADMIN_KEY, body);
    if (r.statusCode() != 201) {
      throw new AssertionError("connect-sessions answered " + r.statusCode() + ": " + r.body());
    }
    return readJson(r.body());
  }

  /** The confirmation page of a connect URL, in {@code client}. */
  HttpResponse<String> confirmPage(HttpClient client, String connectUrl) {
    return send(client, HttpRequest.newBuilder(URI.create(connectUrl)).GET().build());
  }

  /** Presses Continue on a confirmation page: the POST that should 303 to the provider. */
  HttpResponse<String> pressContinue(HttpClient client, String provider, String confirmPage) {
    return postForm(
        client,
        "/connect/" + provider,
        "session="
            + enc(hidden(confirmPage, "session"))
            + "&csrf="
            + enc(hidden(confirmPage, "csrf")));
  }

  /**
   * A new connect session for {@code owner}, its confirmation page and Continue in {@code client}:
   * the response is the 303 to the provider's authorization endpoint.
   */
  HttpResponse<String> begin(HttpClient client, String provider, String owner, String extra) {
    JsonNode session = createSession(provider, owner, extra);
    HttpResponse<String> page = confirmPage(client, session.get("connect_url").asText());
    if (page.statusCode() != 200) {
      throw new AssertionError("confirmation page answered " + page.statusCode());
    }
    HttpResponse<String> begin = pressContinue(client, provider, page.body());
    if (begin.statusCode() != 303) {
      throw new AssertionError("continue answered " + begin.statusCode() + ": " + begin.body());
    }
    return begin;
  }

  /** Follows an auto-approving provider from a begin response to SignLink's callback response. */
  HttpResponse<String> finish(HttpClient client, HttpResponse<String> begin) {
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved = send(client, HttpRequest.newBuilder(authorize).GET().build());
    URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
    return send(client, HttpRequest.newBuilder(callback).GET().build());
  }

  /**
   * Runs the consent flow with an auto-approving emulator: connect session → confirmation page →
   * Continue → provider → /callback. Returns the callback response (a 303 to the return URL).
   */
  HttpResponse<String> connect(HttpClient client, String provider, String owner) {
    return finish(
        client, begin(client, provider, owner, "\"return_url\": \"" + RETURN_PREFIX + "done\""));
  }

  /**
   * The connection id from a callback's 303: the return URL's {@code connection_id}, or the last
   * segment of {@code /console/connections/{id}}.
   */
  static String connectionId(HttpResponse<String> callback) {
    String location = callback.headers().firstValue("Location").orElseThrow();
    int q = location.indexOf("connection_id=");
    if (q >= 0) {
      return location.substring(q + "connection_id=".length());
    }
    return location.substring(location.lastIndexOf('/') + 1);
  }

  HttpResponse<String> postForm(HttpClient client, String path, String form) {
    return send(
        client,
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  /** The value of the hidden input {@code name} in a page. */
  static String hidden(String html, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no hidden " + name + " in " + html);
    }
    return m.group(1);
  }

  static JsonNode readJson(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
    emulator.close();
  }
}
