package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.emulator.documents.GeneratedBytes;
import io.signlink.error.TransientException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.boldsign.BoldSignApiClient;
import io.signlink.provider.boldsign.BoldSignSigner;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.provider.docusign.DocuSignDocument;
import io.signlink.provider.docusign.DocuSignSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-signature operations of the Java API clients against the emulator, with a connection's
 * tokens: documents go up as base64 JSON or streamed multipart and come back byte-exact.
 */
class DocumentClientsTest {
  static TestSignLink sl;
  static DocuSignApiClient docuSign;
  static BoldSignApiClient boldSign;
  static String boldSignConnection;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
    String ds = TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "cl"));
    boldSignConnection =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "cl"));
    var runtime = sl.server.runtime();
    Connection d = runtime.connections().find(ds).orElseThrow();
    Connection b = runtime.connections().find(boldSignConnection).orElseThrow();
    docuSign =
        DocuSignApiClient.forConnection(
            new JdkHttpTransport(),
            ApiCallSettings.defaults(),
            d,
            new ConnectionBearerTokens(runtime.tokens(), ds));
    boldSign =
        BoldSignApiClient.forConnection(
            new JdkHttpTransport(),
            ApiCallSettings.defaults(),
            b,
            new ConnectionBearerTokens(runtime.tokens(), boldSignConnection));
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void docuSignEnvelopeFromBase64JsonThenItsCombinedPdf() throws Exception {
    Path one = pdf("nda.pdf", 30_000, 31);
    Path two = pdf("annex.pdf", 50_000, 32);
    JsonNode created =
        docuSign.createEnvelope(
            "Please sign the NDA",
            List.of(
                new DocuSignDocument("1", "nda.pdf", one),
                new DocuSignDocument("2", "annex.pdf", two)),
            List.of(new DocuSignSigner("1", "Ann Example", "ann@example.com")),
            true);
    String id = created.get("envelopeId").asText();
    assertThat(created.get("status").asText()).isEqualTo("sent");
    assertThat(docuSign.getEnvelope(id).get("status").asText()).isEqualTo("sent");
    assertThat(docuSign.listRecipients(id).at("/signers/0/email").asText())
        .isEqualTo("ann@example.com");

    Path combined = dir.resolve("combined.pdf");
    assertThat(docuSign.downloadCombined(id, combined)).isEqualTo(80_000);
    assertThat(Files.readAllBytes(combined))
        .isEqualTo(ProxyDocumentsTest.concat(Files.readAllBytes(one), Files.readAllBytes(two)));
  }

  @Test
  void docuSignEnvelopeFromMultipartThenEachDocument() throws Exception {
    Path one = pdf("contract.pdf", 400_000, 33);
    Path two = pdf("terms.pdf", 2_000, 34);
    JsonNode created =
        docuSign.createEnvelopeMultipart(
            "Contract",
            List.of(
                new DocuSignDocument("1", "contract.pdf", one),
                new DocuSignDocument("2", "terms.pdf", two)),
            List.of(new DocuSignSigner("1", "Bo Example", "bo@example.com")),
            true);
    String id = created.get("envelopeId").asText();
    Path first = dir.resolve("first.pdf");
    docuSign.downloadDocument(id, "1", first);
    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(one));
    Path combined = dir.resolve("combined.pdf");
    docuSign.downloadCombined(id, combined);
    assertThat(Files.size(combined)).isEqualTo(402_000);
  }

  @Test
  void boldSignSendWithTwoPdfsThenPropertiesAndDownload() throws Exception {
    Path one = pdf("offer.pdf", 120_000, 35);
    Path two = pdf("policy.pdf", 60_000, 36);
    String documentId =
        boldSign.sendDocument(
            "Offer letter",
            "Please sign",
            List.of(new BoldSignSigner("Cy Example", "cy@example.com")),
            List.of(one, two));
    JsonNode properties = boldSign.getProperties(documentId);
    assertThat(properties.get("messageTitle").asText()).isEqualTo("Offer letter");
    assertThat(properties.get("files")).hasSize(2);
    assertThat(properties.at("/signerDetails/0/signerEmail").asText()).isEqualTo("cy@example.com");
    Path signed = dir.resolve("signed.pdf");
    assertThat(boldSign.downloadDocument(documentId, signed)).isEqualTo(180_000);
    assertThat(Files.readAllBytes(signed))
        .isEqualTo(ProxyDocumentsTest.concat(Files.readAllBytes(one), Files.readAllBytes(two)));
  }

  @Test
  void aDownloadCutShortLeavesNoFileBehind() throws Exception {
    String documentId =
        boldSign.sendDocument(
            "Cut",
            "",
            List.of(new BoldSignSigner("Di", "di@example.com")),
            List.of(pdf("cut.pdf", 500_000, 37)));
    sl.emulator.faults().truncateNextDownload(100_000);
    Path target = dir.resolve("cut-download.pdf");
    assertThatThrownBy(() -> boldSign.downloadDocument(documentId, target))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("broke off");
    assertThat(target).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  private Path pdf(String name, int size, long seed) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, GeneratedBytes.stream(size, seed).readAllBytes());
    return p;
  }
}
