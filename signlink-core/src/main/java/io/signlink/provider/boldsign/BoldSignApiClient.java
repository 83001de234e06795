package io.signlink.provider.boldsign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signlink.connection.Connection;
import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.api.ApiUris;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.api.MultipartBody;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * BoldSign REST API v1 on the account's regional host ({@code api.boldsign.com}, {@code api-eu.…},
 * {@code api-ca.…}, {@code api-au.…}): a token issued by one region's account server only works on
 * that region's API, so the host comes from the profile or the connection, never a constant. Calls
 * carry {@code Authorization: Bearer} (BoldSign also accepts {@code X-API-KEY}, which SignLink does
 * not use) and refresh once on a 401, whose body BoldSign leaves empty (SECURITY.md §retry-on-401,
 * see {@link ApiCaller}).
 *
 * <p>Thread-safe: immutable, and safe to share as long as its {@link BearerTokens} is.
 */
public final class BoldSignApiClient {
  /** BoldSign's documented maximum page size for list calls. */
  public static final int MAX_PAGE_SIZE = 100;

  private final ApiCaller caller;
  private final URI apiRoot;
  private final BearerTokens tokens;

  public BoldSignApiClient(HttpTransport transport, String apiBaseUri, BearerTokens tokens) {
    this(transport, ApiCallSettings.defaults(), apiBaseUri, tokens);
  }

  /**
   * @param apiBaseUri the regional API host, e.g. {@code https://api-eu.boldsign.com} (a trailing
   *     {@code /v1} is accepted)
   * @throws ConfigurationException when it is not an absolute https URL (http only on loopback)
   */
  public BoldSignApiClient(
      HttpTransport transport, ApiCallSettings settings, String apiBaseUri, BearerTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.caller = new ApiCaller(transport, settings, "BoldSign", new BoldSignApiErrors());
    URI root = ApiUris.requireApiRoot(apiBaseUri, "BoldSign API base URI");
    this.apiRoot = root.getRawPath().endsWith("/v1") ? root : ApiUris.resolve(root, "v1");
  }

  /** A client on the API host a connection recorded at consent (its region). */
  public static BoldSignApiClient forConnection(
      HttpTransport transport,
      ApiCallSettings settings,
      Connection connection,
      BearerTokens tokens) {
    if (connection.baseUri() == null) {
      throw new ConfigurationException(
          "connection " + connection.id(), "has no BoldSign API host recorded; reconnect it");
    }
    return new BoldSignApiClient(transport, settings, connection.baseUri(), tokens);
  }

  /** A client on a profile's regional API host, for server-to-server use without a connection. */
  public static BoldSignApiClient forProfile(
      HttpTransport transport,
      ApiCallSettings settings,
      ProviderProfile profile,
      BearerTokens tokens) {
    if (profile.apiBaseUri() == null) {
      throw new ConfigurationException(
          "provider " + profile.id() + " apiBaseUri", "is missing; set the region's API host");
    }
    return new BoldSignApiClient(transport, settings, profile.apiBaseUri().toString(), tokens);
  }

  /** {@code {host}/v1}. */
  public URI apiRoot() {
    return apiRoot;
  }

  /**
   * {@code GET {api}/v1/document/list?Page=…&PageSize=…} ({@code Page} is required by BoldSign).
   *
   * @param page 1-based
   * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
   */
  public BoldSignApiDocumentPage listDocuments(int page, int pageSize) {
    if (page < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page must be ≥ 1 and pageSize between 1 and " + MAX_PAGE_SIZE);
    }
    URI uri = ApiUris.resolve(apiRoot, "document/list?Page=" + page + "&PageSize=" + pageSize);
    return BoldSignApiDocumentPage.from(caller.getJson(uri, tokens), page, pageSize);
  }

  /**
   * {@code POST {api}/v1/document/send} as {@code multipart/form-data}: {@code Title}, {@code
   * Message}, one {@code Signers} JSON part per signer (a signature field on page 1) and one {@code
   * Files} part per file, streamed from disk. Returns the new {@code documentId}; BoldSign
   * processes the files after answering (its Sent or SendFailed webhook tells the outcome).
   */
  public String sendDocument(
      String title, String message, List<BoldSignSigner> signers, List<Path> files) {
    if (files.isEmpty() || signers.isEmpty()) {
      throw new IllegalArgumentException("send at least one file to at least one signer");
    }
    MultipartBody.Builder body =
        MultipartBody.builder()
            .field("Title", title)
            .field("Message", message == null ? "" : message);
    for (BoldSignSigner signer : signers) {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("name", signer.name()).put("emailAddress", signer.emailAddress());
      json.put("signerType", "Signer");
      ObjectNode field = json.putArray("formFields").addObject();
      field.put("fieldType", "Signature").put("pageNumber", 1).put("isRequired", true);
      field.putObject("bounds").put("x", 50).put("y", 50).put("width", 200).put("height", 30);
      body.json("Signers", json.toString());
    }
    for (Path file : files) {
      body.file("Files", file, "application/pdf");
    }
    MultipartBody multipart = body.build();
    JsonNode answer =
        caller.sendJson(
            "POST",
            ApiUris.resolve(apiRoot, "document/send"),
            multipart.contentType(),
            multipart::publisher,
            tokens);
    return answer.path("documentId").asText();
  }

  /** {@code GET {api}/v1/document/properties?documentId=…}: status, signers, files. */
  public JsonNode getProperties(String documentId) {
    return caller.getJson(
        ApiUris.resolve(apiRoot, "document/properties?documentId=" + id(documentId)), tokens);
  }

  /**
   * {@code GET {api}/v1/document/download?documentId=…} (the signed PDF once completed) streamed to
   * {@code target}, which appears only once complete; returns the byte count.
   */
  public long downloadDocument(String documentId, Path target) {
    return caller.download(
        ApiUris.resolve(apiRoot, "document/download?documentId=" + id(documentId)), target, tokens);
  }

  private static String id(String documentId) {
    if (documentId == null || !documentId.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("documentId must be the id BoldSign returned");
    }
    return documentId;
  }

  /**
   * {@code GET} any path below {@code {host}/v1}, e.g. {@code "document/properties?documentId=…"},
   * as a JSON tree — for the CLI's {@code call} command and the server's proxy. The path cannot
   * leave the API root, so the token is never sent elsewhere.
   *
   * @throws IllegalArgumentException when the path would leave the API root
   */
  public JsonNode get(String path) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.getJson(ApiUris.resolve(apiRoot, relative), tokens);
  }

  /**
   * {@code method} any path below the API root with a body (a file, a form), answered with JSON —
   * for the CLI's {@code call --data/--form}. Same path rule as {@link #get(String)}.
   */
  public JsonNode send(String method, String path, String contentType, ApiCaller.Body body) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.sendJson(method, ApiUris.resolve(apiRoot, relative), contentType, body, tokens);
  }

  /**
   * {@code GET} any path below the API root streamed to {@code target} (binary answers such as
   * documents; the file appears only once complete) — for the CLI's {@code call --output}.
   */
  public long download(String path, Path target) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.download(ApiUris.resolve(apiRoot, relative), target, tokens);
  }

  @Override
  public String toString() {
    return "BoldSignApiClient[" + apiRoot + "]";
  }
}
