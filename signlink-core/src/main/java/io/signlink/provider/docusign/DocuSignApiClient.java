package io.signlink.provider.docusign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.api.ApiUris;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.api.MultipartBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * DocuSign eSignature REST API v2.1 for one account: calls go to that account's own {@code
 * base_uri} (from {@code /oauth/userinfo}), never to a hard-coded host, because DocuSign spreads
 * accounts over {@code na*}, {@code eu}, {@code ca}, {@code au} hosts (docs/PROVIDERS.md "DocuSign
 * base URI"). Every call carries the connection's bearer token and refreshes once on a 401
 * (SECURITY.md §retry-on-401, see {@link ApiCaller}).
 *
 * <p>Thread-safe: immutable, and safe to share as long as its {@link BearerTokens} is.
 */
public final class DocuSignApiClient {
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  private final ApiCaller caller;
  private final Account account;
  private final URI accountRoot;
  private final BearerTokens tokens;

  public DocuSignApiClient(HttpTransport transport, Account account, BearerTokens tokens) {
    this(transport, ApiCallSettings.defaults(), account, tokens);
  }

  /**
   * @throws ConfigurationException when the account's {@code base_uri} is not an absolute https URL
   *     (http only on loopback) or its id is not a plain identifier
   */
  public DocuSignApiClient(
      HttpTransport transport, ApiCallSettings settings, Account account, BearerTokens tokens) {
    this.account = Objects.requireNonNull(account, "account");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.caller = new ApiCaller(transport, settings, "DocuSign", new DocuSignApiErrors());
    if (!ACCOUNT_ID.matcher(account.accountId()).matches()) {
      throw new ConfigurationException(
          "DocuSign account id", "must be the account's GUID or number from /oauth/userinfo");
    }
    URI root = ApiUris.requireApiRoot(account.baseUri(), "DocuSign account base_uri");
    this.accountRoot = ApiUris.resolve(root, "restapi/v2.1/accounts/" + account.accountId());
  }

  /** A client for the account a connection has selected (its default account after consent). */
  public static DocuSignApiClient forConnection(
      HttpTransport transport,
      ApiCallSettings settings,
      Connection connection,
      BearerTokens tokens) {
    if (connection.accountId() == null || connection.baseUri() == null) {
      throw new ConfigurationException(
          "connection " + connection.id(),
          "has no DocuSign account selected; reconnect so SignLink can read /oauth/userinfo");
    }
    Account selected =
        new Account(connection.accountId(), connection.accountName(), connection.baseUri(), true);
    return new DocuSignApiClient(transport, settings, selected, tokens);
  }

  /** The account this client acts on. */
  public Account account() {
    return account;
  }

  /** {@code {base_uri}/restapi/v2.1/accounts/{accountId}}. */
  public URI accountRoot() {
    return accountRoot;
  }

  /** {@code GET {base_uri}/restapi/v2.1/accounts/{accountId}}: the account's information. */
  public DocuSignApiAccount getAccount() {
    return DocuSignApiAccount.from(caller.getJson(accountRoot, tokens), account.accountId());
  }

  /**
   * {@code GET …/accounts/{accountId}/envelopes?from_date=…}: envelopes whose status changed since
   * {@code fromDate} (DocuSign requires {@code from_date} or an id filter on this call).
   */
  public DocuSignApiEnvelopeList listEnvelopes(Instant fromDate) {
    Objects.requireNonNull(fromDate, "fromDate");
    String from =
        URLEncoder.encode(DateTimeFormatter.ISO_INSTANT.format(fromDate), StandardCharsets.UTF_8);
    return DocuSignApiEnvelopeList.from(
        caller.getJson(ApiUris.resolve(accountRoot, "envelopes?from_date=" + from), tokens));
  }

  /**
   * {@code POST …/envelopes} with the SDK's JSON shape: each document base64-encoded in {@code
   * documentBase64} (the whole request is built in memory, so this suits documents of a few MB; use
   * {@link #createEnvelopeMultipart} for larger ones). {@code send} true sends the envelope, false
   * leaves a draft. Returns DocuSign's answer ({@code envelopeId}, {@code status}, …).
   */
  public JsonNode createEnvelope(
      String emailSubject,
      List<DocuSignDocument> documents,
      List<DocuSignSigner> signers,
      boolean send) {
    ObjectNode definition = definition(emailSubject, documents, signers, send);
    ArrayNode docs = (ArrayNode) definition.get("documents");
    for (int i = 0; i < documents.size(); i++) {
      try {
        ((ObjectNode) docs.get(i))
            .put(
                "documentBase64",
                Base64.getEncoder().encodeToString(Files.readAllBytes(documents.get(i).file())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + documents.get(i).file(), e);
      }
    }
    byte[] json = definition.toString().getBytes(StandardCharsets.UTF_8);
    return caller.sendJson(
        "POST",
        ApiUris.resolve(accountRoot, "envelopes"),
        "application/json",
        () -> HttpRequest.BodyPublishers.ofByteArray(json),
        tokens);
  }

  /**
   * {@code POST …/envelopes} as {@code multipart/form-data}: the envelope definition as the first
   * part, then one part per document ({@code Content-Disposition: file; filename=…; documentid=…})
   * streamed from disk. Returns DocuSign's answer.
   */
  public JsonNode createEnvelopeMultipart(
      String emailSubject,
      List<DocuSignDocument> documents,
      List<DocuSignSigner> signers,
      boolean send) {
    MultipartBody.Builder body =
        MultipartBody.builder()
            .json(
                "envelopeDefinition",
                definition(emailSubject, documents, signers, send).toString());
    for (DocuSignDocument d : documents) {
      body.part(
          "file; filename=\"" + d.name().replace("\"", "") + "\"; documentid=" + d.documentId(),
          "application/pdf",
          d.file());
    }
    MultipartBody multipart = body.build();
    return caller.sendJson(
        "POST",
        ApiUris.resolve(accountRoot, "envelopes"),
        multipart.contentType(),
        multipart::publisher,
        tokens);
  }

  /** {@code GET …/envelopes/{envelopeId}}: the envelope's status and dates. */
  public JsonNode getEnvelope(String envelopeId) {
    return caller.getJson(ApiUris.resolve(accountRoot, "envelopes/" + id(envelopeId)), tokens);
  }

  /** {@code GET …/envelopes/{envelopeId}/recipients}: signers, carbon copies, … */
  public JsonNode listRecipients(String envelopeId) {
    return caller.getJson(
        ApiUris.resolve(accountRoot, "envelopes/" + id(envelopeId) + "/recipients"), tokens);
  }

  /**
   * {@code GET …/envelopes/{envelopeId}/documents/{documentId}} streamed to {@code target} (the
   * file appears only once complete); {@code documentId} {@code "combined"} is the combined PDF.
   * Returns the byte count.
   */
  public long downloadDocument(String envelopeId, String documentId, Path target) {
    if (documentId == null || !documentId.matches("[0-9]{1,9}|combined|archive|certificate")) {
      throw new IllegalArgumentException(
          "documentId must be a number, combined, archive or certificate");
    }
    return caller.download(
        ApiUris.resolve(accountRoot, "envelopes/" + id(envelopeId) + "/documents/" + documentId),
        target,
        tokens);
  }

  /** The combined PDF of all the envelope's documents, streamed to {@code target}. */
  public long downloadCombined(String envelopeId, Path target) {
    return downloadDocument(envelopeId, "combined", target);
  }

  private static ObjectNode definition(
      String emailSubject,
      List<DocuSignDocument> documents,
      List<DocuSignSigner> signers,
      boolean send) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("emailSubject", emailSubject);
    ArrayNode docs = root.putArray("documents");
    for (DocuSignDocument d : documents) {
      String ext =
          d.name().contains(".") ? d.name().substring(d.name().lastIndexOf('.') + 1) : "pdf";
      docs.addObject()
          .put("documentId", d.documentId())
          .put("name", d.name())
          .put("fileExtension", ext);
    }
    ArrayNode s = root.putObject("recipients").putArray("signers");
    int order = 1;
    for (DocuSignSigner signer : signers) {
      s.addObject()
          .put("recipientId", signer.recipientId())
          .put("name", signer.name())
          .put("email", signer.email())
          .put("routingOrder", Integer.toString(order++));
    }
    root.put("status", send ? "sent" : "created");
    return root;
  }

  private static String id(String envelopeId) {
    if (envelopeId == null || !envelopeId.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("envelopeId must be the GUID DocuSign returned");
    }
    return envelopeId;
  }

  /**
   * {@code GET} any path below the account root, e.g. {@code "envelopes/{id}/recipients"} or {@code
   * ""} for the account itself, as a JSON tree — for the CLI's {@code call} command and the
   * server's proxy. The path cannot leave the account root (no scheme, host or {@code ..}), so the
   * token is never sent elsewhere.
   *
   * @throws IllegalArgumentException when the path would leave the account root
   */
  public JsonNode get(String path) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.getJson(ApiUris.resolve(accountRoot, relative), tokens);
  }

  /**
   * {@code method} any path below the API root with a body (a file, a form), answered with JSON —
   * for the CLI's {@code call --data/--form}. Same path rule as {@link #get(String)}.
   */
  public JsonNode send(String method, String path, String contentType, ApiCaller.Body body) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.sendJson(
        method, ApiUris.resolve(accountRoot, relative), contentType, body, tokens);
  }

  /**
   * {@code GET} any path below the API root streamed to {@code target} (binary answers such as
   * documents; the file appears only once complete) — for the CLI's {@code call --output}.
   */
  public long download(String path, Path target) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.download(ApiUris.resolve(accountRoot, relative), target, tokens);
  }

  @Override
  public String toString() {
    return "DocuSignApiClient[" + accountRoot + "]";
  }
}
