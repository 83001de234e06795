package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.signlink.emulator.SeedUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Receives the consent page's form. The answer counts only with the page's CSRF token and from the
 * browser the page was shown to (its binding cookie), once, within the page's lifetime. Allow
 * redirects with a code (303), Deny with {@code error=access_denied} (RFC 6749 §4.1.2.1).
 *
 * <p>Thread-safe: stateless; {@link PendingConsents#take} makes the answer single-use.
 */
public final class ConsentEndpoint {

  private final AuthServer server;

  public ConsentEndpoint(AuthServer server) {
    this.server = server;
  }

  static String cookieName(PendingConsents.Pending pending) {
    return "emulator_consent_" + pending.id().substring(0, 12).replace('-', 'A').replace('_', 'B');
  }

  public void handle(Context ctx) {
    if (!HttpSupport.isForm(ctx)) {
      HtmlPages.error(ctx, 400, "Invalid form", "The consent form must be posted as a form.");
      return;
    }
    Optional<PendingConsents.Pending> found = server.pending().find(ctx.formParam("request_id"));
    if (found.isEmpty()) {
      HtmlPages.error(
          ctx,
          400,
          "Consent page expired",
          "This consent page is unknown, expired or was already answered. Start again from the application.");
      return;
    }
    PendingConsents.Pending pending = found.get();
    if (!same(ctx.formParam("csrf_token"), pending.csrfToken())
        || !same(ctx.cookie(cookieName(pending)), pending.browserBinding())) {
      server.count("consent.csrf_rejected");
      HtmlPages.error(
          ctx,
          403,
          "Request refused",
          "The form could not be verified (CSRF check). Reload the consent page and answer it in the same browser.");
      return;
    }
    String decision = ctx.formParam("decision");
    Optional<SeedUser> user = server.rules().findUser(ctx.formParam("user"));
    if (!"deny".equals(decision) && !("allow".equals(decision) && user.isPresent())) {
      HtmlPages.error(ctx, 400, "Incomplete answer", "Choose a user and press Allow or Deny.");
      return;
    }
    if (server.pending().isExpired(pending) || !server.pending().take(pending)) {
      server.pending().take(pending);
      HtmlPages.error(
          ctx,
          400,
          "Consent page expired",
          "This consent page expired or was already answered. Start again from the application.");
      return;
    }
    ctx.header(
        "Set-Cookie", cookieName(pending) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    AuthorizationRequest request = pending.request();
    if ("deny".equals(decision)) {
      server.count("consent.deny");
      AuthorizationResponses.error(
          ctx,
          server,
          request.redirectUri(),
          request.state(),
          "access_denied",
          "The user denied the request.",
          HttpStatus.SEE_OTHER);
      return;
    }
    server.count("consent.allow");
    AuthorizeEndpoint.approve(ctx, server, request, user.get(), HttpStatus.SEE_OTHER);
  }

  private static boolean same(String given, String expected) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
