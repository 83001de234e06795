package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.emulator.documents.GeneratedBytes;
import io.signlink.runtime.config.ProxySettings;
import io.signlink.server.api.ApiProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Documents through {@code /api/connections/{id}/proxy/…} against the emulator's DocuSign API:
 * binary and multipart bodies byte-exact, the body cap, a 401 during a streamed upload, and a
 * provider that breaks off mid-download (SECURITY.md §proxy-bodies, §retry-on-401).
 */
class ProxyDocumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long CAP = 4L * 1024 * 1024;
  static final int STREAMED = 2 * 1024 * 1024; // above the 256 KiB that is held for a retry

  static TestSignLink sl;
  static String key;
  static String docuSign;
  static String boldSign;
  static String accountId;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    sl = TestSignLink.start(true, false, b -> b.proxy(new ProxySettings(CAP)));
    key = sl.server.runtime().store().apiKeys().create("proxy-docs").plaintext().reveal();
    docuSign =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "docs-owner"));
    boldSign =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "docs-owner"));
    accountId =
        JSON.readTree(sl.api("GET", "/api/connections/" + docuSign, key, null).body())
            .get("account_id")
            .asText();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void createsAnEnvelopeFromBase64JsonAndDownloadsItsCombinedPdf() throws Exception {
    byte[] one = bytes(40_000, 1);
    byte[] two = bytes(70_000, 2);
    String definition =
        "{\"emailSubject\":\"Please sign\",\"status\":\"sent\",\"documents\":["
            + doc("1", "NDA", one)
            + ","
            + doc("2", "Annex", two)
            + "],\"recipients\":{\"signers\":[{\"email\":\"ann@example.com\",\"name\":\"Ann\","
            + "\"recipientId\":\"1\",\"routingOrder\":\"1\"}]}}";
    HttpResponse<String> created =
        send(
            request("/envelopes")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(definition)),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String envelopeId = JSON.readTree(created.body()).get("envelopeId").asText();

    HttpResponse<String> status =
        send(request("/envelopes/" + envelopeId).GET(), HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(status.body()).get("status").asText()).isEqualTo("sent");
    HttpResponse<String> recipients =
        send(
            request("/envelopes/" + envelopeId + "/recipients").GET(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(recipients.body()).at("/signers/0/email").asText())
        .isEqualTo("ann@example.com");

    HttpResponse<byte[]> combined =
        send(
            request("/envelopes/" + envelopeId + "/documents/combined").GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(combined.statusCode()).isEqualTo(200);
    assertThat(combined.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(combined.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(one.length + two.length));
    assertThat(combined.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("documentid=combined");
    assertThat(combined.body()).isEqualTo(concat(one, two));
  }

  @Test
  void createsAnEnvelopeFromMultipartWithItsBoundaryAndDispositionsUntouched() throws Exception {
    byte[] one = bytes(300_000, 3); // streamed: above the held size
    byte[] two = bytes(1_000, 4);
    String boundary = "sl-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String definition =
        "{\"emailSubject\":\"Multipart\",\"status\":\"sent\",\"documents\":["
            + "{\"documentId\":\"1\",\"name\":\"one.pdf\"},{\"documentId\":\"2\",\"name\":\"two.pdf\"}],"
            + "\"recipients\":{\"signers\":[{\"email\":\"bo@example.com\",\"name\":\"Bo\","
            + "\"recipientId\":\"1\"}]}}";
    part(
        body,
        boundary,
        "form-data",
        "application/json",
        definition.getBytes(StandardCharsets.UTF_8));
    part(body, boundary, "file; filename=\"one.pdf\"; documentid=1", "application/pdf", one);
    part(body, boundary, "file; filename=\"two.pdf\"; documentid=2", "application/pdf", two);
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> created =
        send(
            request("/envelopes")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String envelopeId = JSON.readTree(created.body()).get("envelopeId").asText();

    HttpResponse<byte[]> first =
        send(
            request("/envelopes/" + envelopeId + "/documents/1").GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(first.body()).isEqualTo(one);
    assertThat(first.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("filename=\"one.pdf\"");
    HttpResponse<byte[]> combined =
        send(
            request("/envelopes/" + envelopeId + "/documents/combined").GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(combined.body()).isEqualTo(concat(one, two));
  }

  @Test
  void refusesADeclaredOverLimitBodyWith413NamingTheLimitBeforeCallingTheProvider()
      throws Exception {
    String envelopeId = draft();
    long uploadsBefore = sl.emulator.stats().count("docusign.api.documents.upload");
    // A raw socket: the JDK 17 client never completes an "Expect: 100-continue" request that is
    // answered without a 100, and this case is exactly that answer.
    RawAnswer r =
        raw(
            "PUT",
            docuSignPath("/envelopes/" + envelopeId + "/documents/1"),
            "Content-Type: application/pdf\r\nContent-Length: "
                + (CAP + 1)
                + "\r\nExpect: 100-continue\r\n",
            out -> {}); // never sends the body: the answer must come without a 100 Continue
    assertThat(r.statusLine()).contains(" 413 ");
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("error").asText()).isEqualTo("request_too_large");
    assertThat(error.get("message").asText()).contains("4 MiB").contains("SIGNLINK_PROXY_MAX_BODY");
    assertThat(sl.emulator.stats().count("docusign.api.documents.upload")).isEqualTo(uploadsBefore);
  }

  @Test
  void refusesAChunkedBodyThatGrowsPastTheLimitWith413() throws Exception {
    String envelopeId = draft();
    // The caller keeps writing while the server answers and closes, as a streaming client does;
    // the answer is read on this thread whatever happens to the writes.
    RawAnswer r =
        raw(
            "PUT",
            docuSignPath("/envelopes/" + envelopeId + "/documents/1"),
            "Content-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n",
            out -> {
              byte[] chunk = new byte[64 * 1024];
              byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes();
              for (long sent = 0; sent < CAP + 512 * 1024; sent += chunk.length) {
                out.write(size);
                out.write(chunk);
                out.write("\r\n".getBytes());
              }
              out.write("0\r\n\r\n".getBytes());
            });
    assertThat(r.statusLine()).contains(" 413 ");
    assertThat(r.body()).contains("4 MiB");
  }

  @Test
  void streamsAnUploadAndResendsItWhenTheProviderRefusedTheTokenBeforeTheBody() throws Exception {
    String envelopeId = draft();
    sl.emulator.expireAccessTokens(); // the provider answers 401 before asking for the body
    HttpResponse<String> put =
        send(
            request("/envelopes/" + envelopeId + "/documents/7")
                .header("Content-Type", "application/pdf")
                .header("Content-Disposition", "file; filename=\"big.pdf\"; documentid=7")
                .PUT(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> GeneratedBytes.stream(STREAMED, 11))),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(put.headers().firstValue(ApiProxy.RETRY_SAFE)).isEmpty();
    HttpResponse<byte[]> back =
        send(
            request("/envelopes/" + envelopeId + "/documents/7").GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(back.body()).isEqualTo(GeneratedBytes.stream(STREAMED, 11).readAllBytes());
    assertThat(back.headers().firstValue("Content-Disposition").orElseThrow()).contains("big.pdf");
  }

  @Test
  void answersTheProviders401WithRetrySafeWhenAStreamedBodyWasAlreadyConsumed() throws Exception {
    String envelopeId = draft();
    String tokenBefore = token();
    sl.emulator.faults().refuseNextUploadAfterBody();
    HttpRequest.Builder upload =
        request("/envelopes/" + envelopeId + "/documents/3")
            .header("Content-Type", "application/pdf")
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> GeneratedBytes.stream(STREAMED, 12)));
    HttpResponse<String> refused = send(upload, HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue(ApiProxy.RETRY_SAFE)).hasValue("true");
    assertThat(refused.body()).contains("AUTHORIZATION_INVALID_TOKEN");
    assertThat(token()).isNotEqualTo(tokenBefore); // SignLink refreshed before answering

    HttpResponse<String> again = send(upload, HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(200);
  }

  @Test
  void smallBodiesAreResentTransparentlyAfterA401() throws Exception {
    String envelopeId = draft();
    sl.emulator.faults().refuseNextUploadAfterBody();
    byte[] small = bytes(10_000, 13);
    HttpResponse<String> put =
        send(
            request("/envelopes/" + envelopeId + "/documents/4")
                .header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(small)),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.headers().firstValue(ApiProxy.RETRY_SAFE)).isEmpty();
  }

  @Test
  void aProviderThatBreaksOffMidDownloadGivesTheCallerATruncatedStream() throws Exception {
    String envelopeId = sl.emulator.docuSignGeneratedEnvelope(accountId, 3_000_000, 14);
    sl.emulator.faults().truncateNextDownload(1_000_000);
    assertThatThrownBy(
            () ->
                http.send(
                    request("/envelopes/" + envelopeId + "/documents/1").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(IOException.class);

    // And with the fault gone the same download arrives whole.
    HttpResponse<InputStream> whole =
        http.send(
            request("/envelopes/" + envelopeId + "/documents/1").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = whole.body()) {
      assertThat(in.readAllBytes()).isEqualTo(GeneratedBytes.stream(3_000_000, 14).readAllBytes());
    }
  }

  @Test
  void aSmallAnswerThatBreaksOffIsAnsweredWith502AndNothingOfIt() throws Exception {
    // Under 64 KiB an answer is read whole before anything is sent, so the cut is a clean error.
    String envelopeId = sl.emulator.docuSignGeneratedEnvelope(accountId, 40_000, 17);
    sl.emulator.faults().truncateNextDownload(10_000);
    HttpResponse<String> cut =
        http.send(
            request("/envelopes/" + envelopeId + "/documents/1").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(cut.statusCode()).isEqualTo(502);
    assertThat(cut.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(cut.headers().firstValue("Content-Disposition")).isEmpty();
    JsonNode error = JSON.readTree(cut.body());
    assertThat(error.get("error").asText()).isEqualTo("provider_answer_cut");
    assertThat(error.get("message").asText()).contains("after 10000 of its 40000 bytes");

    HttpResponse<byte[]> whole =
        http.send(
            request("/envelopes/" + envelopeId + "/documents/1").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(whole.body()).isEqualTo(GeneratedBytes.stream(40_000, 17).readAllBytes());
  }

  @Test
  void sendsABoldSignDocumentWithTwoPdfsAsMultipartAndDownloadsItByteExact() throws Exception {
    byte[] one = bytes(350_000, 15);
    byte[] two = bytes(20_000, 16);
    String boundary = "----WebKitFormBoundary" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    field(body, boundary, "Title", "Offer".getBytes(StandardCharsets.UTF_8));
    field(
        body,
        boundary,
        "Signers",
        "{\"name\":\"Ann\",\"emailAddress\":\"ann@example.com\",\"signerType\":\"Signer\"}"
            .getBytes(StandardCharsets.UTF_8));
    part(body, boundary, "form-data; name=\"Files\"; filename=\"a.pdf\"", "application/pdf", one);
    part(body, boundary, "form-data; name=\"Files\"; filename=\"b.pdf\"", "application/pdf", two);
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> sent =
        send(
            boldSignRequest("v1/document/send")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    String documentId = JSON.readTree(sent.body()).get("documentId").asText();

    HttpResponse<String> properties =
        send(
            boldSignRequest("v1/document/properties?documentId=" + documentId).GET(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(properties.body()).get("files")).hasSize(2);
    HttpResponse<byte[]> download =
        send(
            boldSignRequest("v1/document/download?documentId=" + documentId).GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment; filename=");
    assertThat(download.body()).isEqualTo(concat(one, two));
  }

  // --- helpers

  /** The status line and body of an answer read off a raw socket. */
  record RawAnswer(String statusLine, String body) {}

  interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Sends a request over a plain socket, writing the body on another thread (a write the server cut
   * short is expected) and reading the answer on this one, up to the server's close.
   */
  static RawAnswer raw(String method, String path, String headers, BodyWriter body)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", sl.uri("/").getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + key
                  + "\r\n"
                  + headers
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread writer =
          new Thread(
              () -> {
                try {
                  body.write(out);
                  out.flush();
                } catch (IOException cutByTheServer) {
                  // the server answered and closed before taking the whole body
                }
              });
      writer.start();
      byte[] all = socket.getInputStream().readAllBytes();
      writer.join(30_000);
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      assertThat(headEnd).as("an HTTP answer: %s", text).isPositive();
      String head = text.substring(0, headEnd);
      String rest = text.substring(headEnd + 4);
      if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        rest = dechunk(rest);
      }
      return new RawAnswer(head.lines().findFirst().orElse(""), rest);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  static String docuSignPath(String accountPath) {
    return "/api/connections/"
        + docuSign
        + "/proxy/restapi/v2.1/accounts/"
        + accountId
        + accountPath;
  }

  static HttpRequest.Builder boldSignRequest(String path) {
    return HttpRequest.newBuilder(sl.uri("/api/connections/" + boldSign + "/proxy/" + path))
        .header("Authorization", "Bearer " + key);
  }

  static void field(ByteArrayOutputStream out, String boundary, String name, byte[] value)
      throws IOException {
    part(out, boundary, "form-data; name=\"" + name + "\"", "text/plain", value);
  }

  private static String draft() throws Exception {
    HttpResponse<String> r =
        send(
            request("/envelopes")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"emailSubject\":\"Draft\",\"status\":\"created\"}")),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).get("envelopeId").asText();
  }

  private static String token() throws Exception {
    return JSON.readTree(
            sl.api("POST", "/api/connections/" + docuSign + "/token", key, null).body())
        .get("access_token")
        .asText();
  }

  static HttpRequest.Builder request(String accountPath) {
    return HttpRequest.newBuilder(
            sl.uri(
                "/api/connections/"
                    + docuSign
                    + "/proxy/restapi/v2.1/accounts/"
                    + accountId
                    + accountPath))
        .header("Authorization", "Bearer " + key);
  }

  static <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(b.build(), handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(int n, long seed) throws IOException {
    return GeneratedBytes.stream(n, seed).readAllBytes();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static String doc(String id, String name, byte[] content) {
    return "{\"documentId\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"fileExtension\":\"pdf\",\"documentBase64\":\""
        + Base64.getEncoder().encodeToString(content)
        + "\"}";
  }

  static void part(
      ByteArrayOutputStream out, String boundary, String disposition, String type, byte[] content)
      throws IOException {
    out.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: "
                + disposition
                + "\r\nContent-Type: "
                + type
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.write(content);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
