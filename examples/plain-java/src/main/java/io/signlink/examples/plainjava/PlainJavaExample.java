package io.signlink.examples.plainjava;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.SignLinkException;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.provider.docusign.DocuSignApiEnvelope;
import io.signlink.provider.docusign.DocuSignApiEnvelopeList;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A web application in plain Java that connects a DocuSign account through SignLink and lists its
 * envelopes: the JDK's HTTP server, no framework. Three routes:
 *
 * <ul>
 *   <li>{@code GET /} — a Connect button (a form that POSTs, so no other site can start a flow);
 *   <li>{@code POST /connect/docusign} — begins consent and sends the browser to DocuSign;
 *   <li>{@code GET /callback/docusign} — completes it, then {@code GET /envelopes?connection_id=…}
 *       lists the account's envelopes with a token SignLink keeps fresh.
 * </ul>
 *
 * <p>Run it with the {@code SIGNLINK_*} settings of the service (client id and secret, {@code
 * SIGNLINK_PUBLIC_URL=http://127.0.0.1:8000}). The signed-in user is a constant here; a real
 * application takes it from its own sign-in. Thread-safe.
 */
public final class PlainJavaExample implements AutoCloseable {
  /** This example's only user; a real application files connections under its signed-in user. */
  static final String OWNER = "demo-user";

  private static final String BINDING_COOKIE = "binding";
  private final SecureRandom random = new SecureRandom();
  private final SignLinkRuntime signlink;
  private final HttpServer server;

  private PlainJavaExample(SignLinkRuntime signlink, HttpServer server) {
    this.signlink = signlink;
    this.server = server;
  }

  public static void main(String[] args) {
    PlainJavaExample app = start(System.getenv(), 8000);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    System.out.println("Open http://127.0.0.1:" + app.port() + "/ and press Connect DocuSign");
  }

  /** Opens SignLink from {@code env} and serves the routes on {@code 127.0.0.1:port}. */
  public static PlainJavaExample start(Map<String, String> env, int port) {
    SignLinkRuntime signlink = SignLinkRuntime.open(SignLinkConfig.fromEnvironment(env));
    try {
      signlink.startBackgroundRefresh(); // tokens stay fresh even while nobody asks
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      PlainJavaExample app = new PlainJavaExample(signlink, server);
      server.createContext("/", app::route);
      server.start();
      return app;
    } catch (IOException e) {
      signlink.close();
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void route(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (method.equals("GET") && path.equals("/")) {
        home(exchange);
      } else if (method.equals("POST") && path.equals("/connect/docusign")) {
        connect(exchange);
      } else if (method.equals("GET") && path.equals("/callback/docusign")) {
        callback(exchange);
      } else if (method.equals("GET") && path.equals("/envelopes")) {
        envelopes(exchange);
      } else {
        text(exchange, 404, "Nothing here. Start at /.");
      }
    } catch (AuthorizationFlowException e) {
      // A refused callback (another browser, reused, denied): nothing was stored.
      text(exchange, 400, e.getMessage() + " Start again at /.");
    } catch (SignLinkException e) {
      // SignLink's messages say what happened and what to do, and never carry a secret.
      text(exchange, 502, e.getMessage());
    } finally {
      exchange.close();
    }
  }

  private void home(HttpExchange exchange) throws IOException {
    String page =
        "<!doctype html><title>SignLink example</title>"
            + "<form method=post action=/connect/docusign><button>Connect DocuSign</button></form>";
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  private void connect(HttpExchange exchange) throws IOException {
    // A fresh cookie ties the flow to this browser; SignLink stores only its hash.
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String binding = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    var start = signlink.connectFlow().begin("docusign", OWNER, sha256(binding), null);
    exchange
        .getResponseHeaders()
        .add("Set-Cookie", BINDING_COOKIE + "=" + binding + "; Path=/; HttpOnly; SameSite=Lax");
    redirect(exchange, start.authorizationUrl());
  }

  private void callback(HttpExchange exchange) throws IOException {
    String binding = cookie(exchange, BINDING_COOKIE).orElse(null);
    Connection c =
        signlink
            .connectFlow()
            .complete(
                "docusign",
                query(exchange.getRequestURI()),
                binding == null ? null : sha256(binding))
            .connection();
    redirect(exchange, URI.create("/envelopes?connection_id=" + c.id()));
  }

  private void envelopes(HttpExchange exchange) throws IOException {
    String id = query(exchange.getRequestURI()).getOrDefault("connection_id", "");
    Optional<Connection> found =
        signlink.connections().find(id).filter(c -> c.owner().equals(OWNER));
    if (found.isEmpty()) {
      text(exchange, 404, "No such connection. Connect DocuSign at /.");
      return;
    }
    Connection c = found.get();
    DocuSignApiClient docusign =
        DocuSignApiClient.forConnection(
            signlink.http(),
            ApiCallSettings.defaults(),
            c,
            new ConnectionBearerTokens(signlink.tokens(), c.id()));
    DocuSignApiEnvelopeList list =
        docusign.listEnvelopes(Instant.now().minus(365, ChronoUnit.DAYS));
    StringBuilder out = new StringBuilder();
    out.append(c.accountName()).append(": ").append(list.totalSetSize()).append(" envelopes\n");
    for (DocuSignApiEnvelope e : list.envelopes()) {
      out.append(e.envelopeId()).append(' ').append(e.status()).append('\n');
    }
    text(exchange, 200, out.toString());
  }

  private static Optional<String> cookie(HttpExchange exchange, String name) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        String[] kv = pair.strip().split("=", 2);
        if (kv.length == 2 && kv[0].equals(name)) {
          return Optional.of(kv[1]);
        }
      }
    }
    return Optional.empty();
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    if (uri.getRawQuery() == null) {
      return params;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void redirect(HttpExchange exchange, URI to) throws IOException {
    exchange.getResponseHeaders().add("Location", to.toString());
    exchange.getResponseHeaders().add("Referrer-Policy", "no-referrer");
    exchange.sendResponseHeaders(303, -1);
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Stops the server, then SignLink (its pools and background threads). */
  @Override
  public void close() {
    server.stop(0);
    signlink.close();
  }
}
