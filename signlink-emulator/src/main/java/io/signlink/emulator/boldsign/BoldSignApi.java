package io.signlink.emulator.boldsign;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import io.signlink.emulator.documents.DocumentFiles;
import io.signlink.emulator.oauth.AccessToken;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.oauth.BearerTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * BoldSign's REST API as SignLink uses it: {@code GET /v1/document/list?Page=&PageSize=}. Accepts a
 * bearer token with a {@code BoldSign.Documents.*} scope or the demo {@code X-API-KEY}; anything
 * else is a 401 with an empty body (docs/PROVIDERS.md quirk) and an RFC 6750 challenge.
 *
 * <p>Thread-safe: stateless after construction.
 */
public final class BoldSignApi {

  private final AuthServer server;
  private final String prefix;
  private final BoldSignDocuments documents;

  public BoldSignApi(AuthServer server, String prefix, Instant start) {
    this.server = server;
    this.prefix = prefix;
    this.documents = new BoldSignDocuments(start);
  }

  public void mount(RoutesConfig app) {
    app.get(prefix + "/v1/document/list", this::listDocuments);
  }

  /** Adds document send, properties and download, keeping files in {@code files}. */
  public void mountDocuments(RoutesConfig app, DocumentFiles files, Clock clock) {
    new BoldSignSendApi(server, this, prefix, files, clock).mount(app);
  }

  private void listDocuments(Context ctx) {
    server.count("api.document.list");
    Optional<SeedUser> user = authenticate(ctx);
    if (user.isEmpty()) {
      return;
    }
    Integer page = intParam(ctx, "Page");
    Integer pageSize =
        ctx.queryParam("PageSize") == null ? Integer.valueOf(10) : intParam(ctx, "PageSize");
    if (page == null || page < 1) {
      validationError(
          ctx, "Page", page == null ? "The Page field is required." : "Page must be 1 or more.");
      return;
    }
    if (pageSize == null || pageSize < 1 || pageSize > 100) {
      validationError(ctx, "PageSize", "PageSize must be between 1 and 100.");
      return;
    }
    List<String> statuses =
        ctx.queryParams("Status").stream().map(BoldSignApi::documentStatus).toList();
    List<BoldSignDocuments.SeededDocument> all =
        documents.ownedBy(user.get().sub()).stream()
            .filter(
                d -> statuses.isEmpty() || statuses.contains(d.status().toLowerCase(Locale.ROOT)))
            .toList();
    int from = Math.min((page - 1) * pageSize, all.size());
    int to = Math.min(from + pageSize, all.size());
    Map<String, Object> pageDetails = new LinkedHashMap<>();
    pageDetails.put("pageSize", pageSize);
    pageDetails.put("page", page);
    pageDetails.put("totalRecordsCount", all.size());
    pageDetails.put("totalPages", (all.size() + pageSize - 1) / pageSize);
    pageDetails.put("sortedColumn", "createdDate");
    pageDetails.put("sortDirection", "DESC");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pageDetails", pageDetails);
    body.put(
        "result",
        all.subList(from, to).stream().map(BoldSignDocuments.SeededDocument::json).toList());
    ctx.json(body);
  }

  /** The API's user, or empty after answering 401/403 (or an injected fault). */
  Optional<SeedUser> authenticate(Context ctx) {
    server.faults().holdApiRequest();
    OptionalInt fault = server.faults().takeApiFailure();
    if (fault.isPresent()) {
      server.count("api.fault." + fault.getAsInt());
      if (fault.getAsInt() == 401) {
        unauthorized(ctx);
      } else {
        ctx.status(fault.getAsInt()).json(Map.of("error", "Injected fault (emulator)."));
      }
      return Optional.empty();
    }
    String apiKey = ctx.header("X-API-KEY");
    if (apiKey != null) {
      if (MessageDigest.isEqual(
          apiKey.getBytes(StandardCharsets.UTF_8),
          DemoClients.BOLDSIGN_API_KEY.getBytes(StandardCharsets.UTF_8))) {
        return Optional.of(SeedUsers.defaultUser(Provider.BOLDSIGN));
      }
      unauthorized(ctx);
      return Optional.empty();
    }
    Optional<AccessToken> token =
        server.store().activeAccessToken(BearerTokens.from(ctx), Provider.BOLDSIGN);
    if (token.isEmpty()) {
      unauthorized(ctx);
      return Optional.empty();
    }
    if (token.get().scopes().stream().noneMatch(s -> s.startsWith("BoldSign.Documents."))) {
      ctx.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
      ctx.status(403).json(Map.of("error", "The access token lacks a BoldSign.Documents scope."));
      return Optional.empty();
    }
    return Optional.of(token.get().grant().user());
  }

  private void unauthorized(Context ctx) {
    server.count("api.unauthorized");
    ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"").status(401);
  }

  private static Integer intParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static void validationError(Context ctx, String field, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://tools.ietf.org/html/rfc9110#section-15.5.1");
    body.put("title", "One or more validation errors occurred.");
    body.put("status", 400);
    body.put("errors", Map.of(field, List.of(message)));
    ctx.status(400).json(body);
  }

  /**
   * BoldSign's list filters name views ("WaitingForOthers"); documents carry a status
   * ("InProgress").
   */
  private static String documentStatus(String filter) {
    String f = filter.trim().toLowerCase(Locale.ROOT);
    return switch (f) {
      case "waitingforme", "waitingforothers", "needattention" -> "inprogress";
      default -> f;
    };
  }
}
