package io.signlink.emulator.generic;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.oauth.AuthorizationCodeGrant;
import io.signlink.emulator.oauth.AuthorizeEndpoint;
import io.signlink.emulator.oauth.ClientCredentialsGrant;
import io.signlink.emulator.oauth.ConsentEndpoint;
import io.signlink.emulator.oauth.GrantHandler;
import io.signlink.emulator.oauth.RefreshTokenGrant;
import io.signlink.emulator.oauth.RevocationEndpoint;
import io.signlink.emulator.oauth.TokenEndpoint;
import io.signlink.emulator.profile.Endpoint;
import io.signlink.emulator.profile.Profile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mounts a generic profile's authorization server: authorize and consent, token, the separate
 * refresh endpoint if the profile has one (on its own path, or on the token path behind a query
 * flag such as Dropbox Sign's {@code /oauth/token?refresh}), and revocation. Each endpoint answers
 * on its host in every region of that host. When a separate refresh endpoint exists, the token
 * endpoint refuses {@code grant_type=refresh_token}, so a client that refreshes at the wrong place
 * finds out.
 *
 * <p>Thread-safe: stateless after construction.
 */
public final class GenericRoutes {

  private final AuthServer server;

  /**
   * @param server the provider's server without a region; regional endpoints use {@link
   *     AuthServer#inRegion}
   */
  public GenericRoutes(AuthServer server) {
    this.server = server;
  }

  public void mount(RoutesConfig app) {
    Profile profile = server.rules().profile();
    Endpoint authorize = profile.authorize();
    for (String region : profile.regionsOf(authorize.host())) {
      AuthServer s = server.inRegion(region);
      String hostPath = profile.hostPath(authorize.host(), region);
      String consentPath = hostPath + "/_emulator-consent";
      app.get(hostPath + authorize.routePath(), new AuthorizeEndpoint(s, consentPath)::handle);
      app.post(consentPath, new ConsentEndpoint(s)::handle);
    }
    Endpoint token = profile.token();
    Endpoint refresh = profile.refresh();
    boolean flagged =
        refresh != null
            && refresh.queryFlag() != null
            && refresh.host().equals(token.host())
            && refresh.routePath().equals(token.routePath());
    for (String region : profile.regionsOf(token.host())) {
      AuthServer s = server.inRegion(region);
      TokenEndpoint tokens = new TokenEndpoint(s, tokenHandlers(s, refresh == null));
      String path = profile.hostPath(token.host(), region) + token.routePath();
      if (flagged) {
        TokenEndpoint refreshes = refreshEndpoint(s);
        String flag = refresh.queryFlag();
        app.post(path, ctx -> (hasFlag(ctx, flag) ? refreshes : tokens).handle(ctx));
      } else {
        app.post(path, tokens::handle);
      }
    }
    if (refresh != null && !flagged) {
      for (String region : profile.regionsOf(refresh.host())) {
        AuthServer s = server.inRegion(region);
        app.post(
            profile.hostPath(refresh.host(), region) + refresh.routePath(),
            refreshEndpoint(s)::handle);
      }
    }
    if (profile.revocation() != null) {
      Endpoint revoke = profile.revocation().endpoint();
      for (String region : profile.regionsOf(revoke.host())) {
        AuthServer s = server.inRegion(region);
        app.post(
            profile.hostPath(revoke.host(), region) + revoke.routePath(),
            new RevocationEndpoint(s, profile.revocation())::handle);
      }
    }
  }

  private static boolean hasFlag(Context ctx, String flag) {
    return ctx.queryParamMap().containsKey(flag);
  }

  private static Map<String, GrantHandler> tokenHandlers(AuthServer s, boolean withRefresh) {
    Map<String, GrantHandler> handlers = new LinkedHashMap<>();
    var grantTypes = s.rules().grantTypes();
    if (grantTypes.contains("authorization_code")) {
      handlers.put("authorization_code", new AuthorizationCodeGrant(s));
    }
    if (withRefresh && grantTypes.contains("refresh_token")) {
      handlers.put("refresh_token", new RefreshTokenGrant(s));
    }
    if (grantTypes.contains("client_credentials")) {
      handlers.put("client_credentials", new ClientCredentialsGrant(s));
    }
    return handlers;
  }

  private static TokenEndpoint refreshEndpoint(AuthServer s) {
    return new TokenEndpoint(s, Map.of("refresh_token", new RefreshTokenGrant(s)));
  }
}
