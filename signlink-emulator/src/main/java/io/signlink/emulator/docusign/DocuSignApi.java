package io.signlink.emulator.docusign;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedAccount;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.oauth.AccessToken;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.oauth.BearerTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The eSignature REST API as SignLink uses it, under {@code {base_uri}/restapi/v2.1}: {@code GET
 * /accounts/{accountId}} and {@code GET /accounts/{accountId}/envelopes?from_date=}. A missing,
 * expired or revoked token is a 401 with DocuSign's JSON error; an account the token's user does
 * not belong to is a 403.
 *
 * <p>Thread-safe: stateless after construction.
 */
public final class DocuSignApi {

  private final AuthServer server;
  private final String prefix;
  private final DocuSignEnvelopes envelopes;

  public DocuSignApi(AuthServer server, String prefix, Instant start) {
    this.server = server;
    this.prefix = prefix;
    this.envelopes = new DocuSignEnvelopes(start);
  }

  public void mount(Javalin app) {
    app.get(prefix + "/restapi/v2.1/accounts/{accountId}", this::account);
    app.get(prefix + "/restapi/v2.1/accounts/{accountId}/envelopes", this::listEnvelopes);
  }

  private void account(Context ctx) {
    server.count("api.accounts.get");
    Optional<SeedAccount> account = authorize(ctx);
    if (account.isEmpty()) {
      return;
    }
    SeedAccount a = account.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "currentPlanId",
        UUID.nameUUIDFromBytes(a.planName().getBytes(StandardCharsets.UTF_8)).toString());
    body.put("planName", a.planName());
    body.put("planStartDate", "2023-01-09T10:00:00.0000000Z");
    body.put("billingPeriodStartDate", "2026-11-01T07:00:00.0000000Z");
    body.put("billingPeriodEndDate", "2026-12-01T08:00:00.0000000Z");
    body.put(
        "billingPeriodEnvelopesSent", Integer.toString(envelopes.inAccount(a.accountId()).size()));
    body.put("billingPeriodEnvelopesAllowed", "unlimited");
    body.put("canUpgrade", "false");
    body.put("envelopeSendingBlocked", "false");
    body.put("accountName", a.accountName());
    body.put("connectPermission", "full");
    body.put("distributorCode", "DEVCENTER_DEMO_APRIL2013");
    body.put("accountIdGuid", a.accountId());
    body.put("currencyCode", "USD");
    body.put("paymentMethod", "purchase_order");
    body.put("seatsAllowed", "unlimited");
    body.put("seatsInUse", "1");
    body.put("createdDate", "2023-01-09T10:00:00.0000000Z");
    body.put("isDowngrade", "false");
    body.put("billingProfile", "web");
    body.put("allowTransactionRooms", "false");
    body.put(
        "externalAccountId",
        Long.toString(Math.abs((long) a.accountId().hashCode()) % 90_000_000L + 10_000_000L));
    body.put("status21CFRPart11", "not_enabled");
    ctx.json(body);
  }

  private void listEnvelopes(Context ctx) {
    server.count("api.envelopes.list");
    Optional<SeedAccount> account = authorize(ctx);
    if (account.isEmpty()) {
      return;
    }
    String fromParam = ctx.queryParam("from_date");
    if (fromParam == null || fromParam.isBlank()) {
      error(
          ctx,
          400,
          "INVALID_REQUEST_PARAMETER",
          "The request contained at least one invalid parameter. "
              + "A value for 'from_date', 'envelope_ids', 'folder_ids' or 'transaction_ids' must be set.");
      return;
    }
    Instant from = parseDate(fromParam);
    Instant to =
        ctx.queryParam("to_date") == null ? Instant.MAX : parseDate(ctx.queryParam("to_date"));
    if (from == null || to == null) {
      error(
          ctx,
          400,
          "INVALID_REQUEST_PARAMETER",
          "The request contained at least one invalid parameter. "
              + "Invalid value for 'from_date' or 'to_date'.");
      return;
    }
    List<String> statuses =
        ctx.queryParam("status") == null
            ? List.of()
            : Arrays.stream(ctx.queryParam("status").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .toList();
    List<DocuSignEnvelopes.SeededEnvelope> matching =
        envelopes.inAccount(account.get().accountId()).stream()
            .filter(e -> !e.statusChanged().isBefore(from) && e.statusChanged().isBefore(to))
            .filter(e -> statuses.isEmpty() || statuses.contains(e.status()))
            .toList();
    int start = Math.max(0, parseInt(ctx.queryParam("start_position"), 0));
    int count = Math.max(1, Math.min(1000, parseInt(ctx.queryParam("count"), 100)));
    List<DocuSignEnvelopes.SeededEnvelope> page =
        matching.subList(
            Math.min(start, matching.size()), Math.min(start + count, matching.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resultSetSize", Integer.toString(page.size()));
    body.put("startPosition", Integer.toString(start));
    body.put("endPosition", Integer.toString(page.isEmpty() ? 0 : start + page.size() - 1));
    body.put("totalSetSize", Integer.toString(matching.size()));
    body.put("nextUri", "");
    body.put("previousUri", "");
    if (!page.isEmpty()) { // DocuSign omits the member entirely when nothing matches
      body.put("envelopes", page.stream().map(DocuSignEnvelopes.SeededEnvelope::json).toList());
    }
    ctx.json(body);
  }

  /** The requested account if the token may use it; otherwise answers 401/403 and returns empty. */
  private Optional<SeedAccount> authorize(Context ctx) {
    OptionalInt fault = server.faults().takeApiFailure();
    if (fault.isPresent()) {
      server.count("api.fault." + fault.getAsInt());
      error(
          ctx,
          fault.getAsInt(),
          fault.getAsInt() == 401 ? "AUTHORIZATION_INVALID_TOKEN" : "INJECTED_FAULT",
          "Injected fault (emulator).");
      return Optional.empty();
    }
    String bearer = BearerTokens.from(ctx);
    Optional<AccessToken> token = server.store().activeAccessToken(bearer, Provider.DOCUSIGN);
    if (token.isEmpty()) {
      server.count("api.unauthorized");
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      if (bearer == null) {
        error(
            ctx,
            401,
            "USER_AUTHENTICATION_FAILED",
            "One or both of Username and Password are invalid. Invalid access token");
      } else {
        error(
            ctx,
            401,
            "AUTHORIZATION_INVALID_TOKEN",
            "The access token provided is expired, revoked or malformed.");
      }
      return Optional.empty();
    }
    if (!token.get().scopes().contains("signature")) {
      error(
          ctx,
          403,
          "USER_LACKS_PERMISSIONS",
          "This user lacks sufficient permissions to access this resource.");
      return Optional.empty();
    }
    SeedUser user = token.get().grant().user();
    String accountId = ctx.pathParam("accountId");
    Optional<SeedAccount> account =
        user.accounts().stream().filter(a -> a.accountId().equalsIgnoreCase(accountId)).findFirst();
    if (account.isEmpty()) {
      error(
          ctx,
          403,
          "USER_LACKS_MEMBERSHIP",
          "The UserID does not have a valid membership in this Account.");
    }
    return account;
  }

  private static void error(Context ctx, int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorCode", code);
    body.put("message", message);
    ctx.status(status).json(body);
  }

  private static Instant parseDate(String value) {
    String v = value.trim();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      // try the next format
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      // try the next format
    }
    try {
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next format
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      // try the next format
    }
    try {
      return LocalDate.parse(v, DateTimeFormatter.ofPattern("M/d/yyyy"))
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int parseInt(String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
