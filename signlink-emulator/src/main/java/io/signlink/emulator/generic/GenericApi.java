package io.signlink.emulator.generic;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.signlink.emulator.oauth.AccessToken;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.profile.Api;
import io.signlink.emulator.profile.ApiCall;
import io.signlink.emulator.profile.ErrorAnswer;
import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Templates;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Serves a generic profile's API calls. A call needs {@code Authorization: <scheme> <token>} with
 * the profile's scheme ({@code Bearer}; Zoho's {@code Zoho-oauthtoken}) and an active access token
 * of this provider; a missing, wrong-scheme, unknown, expired or revoked token gets the profile's
 * {@code unauthorized} answer, and a valid token sent to another region's host its {@code
 * wrong_region} answer (Acrobat Sign's {@code INVALID_API_ACCESS_POINT}). Injected API faults
 * apply. The answer is the call's template filled with the token's user, region and hosts.
 *
 * <p>Thread-safe: stateless after construction.
 */
public final class GenericApi {

  private final AuthServer server;

  public GenericApi(AuthServer server) {
    this.server = server;
  }

  public void mount(RoutesConfig app) {
    Profile profile = server.rules().profile();
    Api api = profile.api();
    for (String region : profile.regionsOf(api.host())) {
      AuthServer s = server.inRegion(region);
      String hostPath = profile.hostPath(api.host(), region);
      for (ApiCall call : api.calls()) {
        String path = hostPath + call.path();
        Handler handler = ctx -> answer(s, api, call, ctx);
        switch (call.method()) {
          case "POST" -> app.post(path, handler);
          case "PUT" -> app.put(path, handler);
          case "PATCH" -> app.patch(path, handler);
          case "DELETE" -> app.delete(path, handler);
          default -> app.get(path, handler);
        }
      }
    }
  }

  private static void answer(AuthServer s, Api api, ApiCall call, Context ctx) {
    s.count("api." + call.name());
    s.faults().holdApiRequest();
    OptionalInt fault = s.faults().takeApiFailure();
    if (fault.isPresent()) {
      s.count("api.fault." + fault.getAsInt());
      if (fault.getAsInt() == 401) {
        error(ctx, api.unauthorized());
      } else {
        ctx.status(fault.getAsInt()).json(Map.of("error", "Injected fault (emulator)."));
      }
      return;
    }
    Optional<AccessToken> token =
        s.store().activeAccessToken(credential(ctx, api.authScheme()), s.rules().provider());
    if (token.isEmpty()) {
      s.count("api.unauthorized");
      error(ctx, api.unauthorized());
      return;
    }
    if (!s.accepts(token.get().grant().region())) {
      s.count("api.wrong_region");
      error(ctx, api.wrongRegion() != null ? api.wrongRegion() : api.unauthorized());
      return;
    }
    JsonNode body = Templates.fill(call.body(), s.rules().templateValues(token.get().grant()));
    ctx.json(body);
  }

  /** The token after {@code scheme} in the {@code Authorization} header, or {@code null}. */
  static String credential(Context ctx, String scheme) {
    String header = ctx.header("Authorization");
    int n = scheme.length() + 1;
    if (header == null
        || header.length() <= n
        || !header.regionMatches(true, 0, scheme + " ", 0, n)) {
      return null;
    }
    String token = header.substring(n).trim();
    return token.isEmpty() ? null : token;
  }

  private static void error(Context ctx, ErrorAnswer answer) {
    answer.headers().forEach(ctx::header);
    if (answer.body() == null) {
      ctx.status(answer.status());
    } else {
      ctx.status(answer.status()).json(answer.body());
    }
  }
}
