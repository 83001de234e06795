package io.signlink.emulator.boldsign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.documents.DocumentFiles;
import io.signlink.emulator.documents.Downloads;
import io.signlink.emulator.documents.MultipartReader;
import io.signlink.emulator.documents.StoredFile;
import io.signlink.emulator.oauth.AuthServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BoldSign's document operations: {@code POST /v1/document/send} (multipart: {@code Title}, {@code
 * Message}, one {@code Signers} JSON field per signer, one {@code Files} part per file), {@code GET
 * /v1/document/properties?documentId=} and {@code GET /v1/document/download?documentId=} (the files
 * one after another as {@code application/pdf}; BoldSign sends the signed, flattened PDF). File
 * bytes go to temp files. Errors use BoldSign's validation-problem shape.
 *
 * <p>Thread-safe: sent documents live in a concurrent map and are immutable.
 */
final class BoldSignSendApi {
  record Sent(
      String id,
      String ownerSub,
      String title,
      String message,
      long created,
      List<StoredFile> files,
      List<JsonNode> signers) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuthServer server;
  private final BoldSignApi api;
  private final String prefix;
  private final DocumentFiles files;
  private final Clock clock;
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();

  BoldSignSendApi(
      AuthServer server, BoldSignApi api, String prefix, DocumentFiles files, Clock clock) {
    this.server = server;
    this.api = api;
    this.prefix = prefix;
    this.files = files;
    this.clock = clock;
  }

  void mount(RoutesConfig app) {
    app.post(prefix + "/v1/document/send", this::send);
    app.get(prefix + "/v1/document/properties", this::properties);
    app.get(prefix + "/v1/document/download", this::download);
  }

  private void send(Context ctx) throws IOException {
    server.count("api.document.send");
    Optional<SeedUser> user = api.authenticate(ctx);
    if (user.isEmpty()) {
      return;
    }
    if (ctx.req().getContentLengthLong() > files.maxBytes()) {
      tooLarge(ctx);
      return;
    }
    String boundary = MultipartReader.boundary(ctx.header("Content-Type"));
    if (boundary == null) {
      ctx.status(415)
          .json(
              Map.of(
                  "error",
                  "Send multipart/form-data with Title, Signers and one or more Files parts."));
      return;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    List<JsonNode> signers = new ArrayList<>();
    List<StoredFile> stored = new ArrayList<>();
    try {
      MultipartReader.read(
          ctx.req().getInputStream(),
          boundary,
          (headers, body) -> {
            String disposition = headers.getOrDefault("content-disposition", "");
            String name = MultipartReader.param(disposition, "name");
            String filename = MultipartReader.param(disposition, "filename");
            if (filename != null) {
              stored.add(
                  files.save(
                      filename, headers.getOrDefault("content-type", "application/pdf"), body));
            } else if ("Signers".equalsIgnoreCase(name)) {
              signers.add(JSON.readTree(body));
            } else if (name != null) {
              byte[] value = body.readNBytes(64 * 1024);
              fields.put(name, new String(value, StandardCharsets.UTF_8));
            }
          });
    } catch (DocumentFiles.TooLarge e) {
      tooLarge(ctx);
      return;
    } catch (MultipartReader.Malformed | com.fasterxml.jackson.core.JsonProcessingException e) {
      BoldSignApi.validationError(ctx, "request", "The multipart body could not be read.");
      return;
    }
    if (stored.isEmpty()) {
      BoldSignApi.validationError(ctx, "Files", "Files or FileUrls is required.");
      return;
    }
    if (signers.isEmpty()) {
      BoldSignApi.validationError(ctx, "Signers", "The Signers field is required.");
      return;
    }
    String title = fields.getOrDefault("Title", "");
    if (title.isBlank()) {
      BoldSignApi.validationError(ctx, "Title", "The Title field is required.");
      return;
    }
    String id = UUID.randomUUID().toString();
    sent.put(
        id,
        new Sent(
            id,
            user.get().sub(),
            title,
            fields.getOrDefault("Message", ""),
            clock.instant().getEpochSecond(),
            List.copyOf(stored),
            List.copyOf(signers)));
    ctx.status(201).json(Map.of("documentId", id));
  }

  private void properties(Context ctx) {
    server.count("api.document.properties");
    Optional<Sent> s = find(ctx);
    if (s.isEmpty()) {
      return;
    }
    Sent d = s.get();
    List<Map<String, Object>> signerDetails = new ArrayList<>();
    for (JsonNode n : d.signers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("signerName", n.path("name").asText());
      m.put("signerEmail", n.path("emailAddress").asText());
      m.put("status", "NotCompleted");
      m.put("signerType", n.path("signerType").asText("Signer"));
      signerDetails.add(m);
    }
    List<Map<String, Object>> fileDetails = new ArrayList<>();
    int order = 1;
    for (StoredFile f : d.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("documentName", f.name());
      m.put("order", order++);
      m.put("pageCount", 1);
      fileDetails.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("documentId", d.id());
    body.put("messageTitle", d.title());
    body.put("documentDescription", d.message());
    body.put("status", "InProgress");
    body.put("createdDate", d.created());
    body.put("files", fileDetails);
    body.put("signerDetails", signerDetails);
    ctx.json(body);
  }

  private void download(Context ctx) throws IOException {
    server.count("api.document.download");
    Optional<Sent> s = find(ctx);
    if (s.isEmpty()) {
      return;
    }
    Downloads.send(
        ctx,
        s.get().files(),
        "application/pdf",
        "attachment; filename=\"" + s.get().title().replaceAll("[^A-Za-z0-9 ._-]", "_") + ".pdf\"",
        server.faults());
  }

  private Optional<Sent> find(Context ctx) {
    Optional<SeedUser> user = api.authenticate(ctx);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    String id = ctx.queryParam("documentId");
    if (id == null || id.isBlank()) {
      BoldSignApi.validationError(ctx, "DocumentId", "The DocumentId field is required.");
      return Optional.empty();
    }
    Sent d = sent.get(id);
    if (d == null || !d.ownerSub().equals(user.get().sub())) {
      ctx.status(400).json(Map.of("error", "Invalid Document ID"));
      return Optional.empty();
    }
    return Optional.of(d);
  }

  private void tooLarge(Context ctx) {
    ctx.header("Connection", "close");
    ctx.status(413)
        .json(
            Map.of(
                "error",
                "The request is larger than the " + files.maxBytes() + " bytes this API accepts."));
  }
}
