package io.signlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.cli.login.ConnectFlowLogin;
import io.signlink.cli.login.LoginFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.StoreException;
import io.signlink.http.BearerChallenge;
import io.signlink.oauth.RevocationResult;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.oauth.TokenTypeHint;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.definition.DefinedApi;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.store.SignLinkStore;
import java.time.Clock;
import java.time.Instant;

/**
 * The CLI's composition root: the service's {@link SignLinkRuntime} (configuration, providers,
 * encrypted store — the same store and settings as {@code signlink serve}, so a connection made by
 * {@code signlink login} is refreshed by the service and the other way round), plus the token
 * manager and the per-command operations the commands call. No HTTP server is started. Opened
 * lazily by {@link CliContext#runtime()}, so {@code --version} and {@code --help} open nothing.
 *
 * <p>Thread-safe: every part is.
 */
public final class CliRuntime implements AutoCloseable {
  private final SignLinkRuntime runtime;
  private final boolean ownsRuntime;
  private final Clock clock;
  private final TokenClient tokenClient;

  private CliRuntime(SignLinkRuntime runtime, boolean ownsRuntime) {
    this.runtime = runtime;
    this.ownsRuntime = ownsRuntime;
    this.clock = runtime.clock();
    this.tokenClient = runtime.tokenClient();
  }

  /** Reads {@code SIGNLINK_*} from the context's environment and opens the store. */
  public static CliRuntime open(CliContext context) {
    SignLinkConfig config = SignLinkConfig.fromEnvironment(context.env());
    return new CliRuntime(
        SignLinkRuntime.open(config, context.clock(), LazyHttpTransport.jdk()), true);
  }

  /** A CLI runtime over an already opened service runtime, which the caller keeps and closes. */
  public static CliRuntime over(SignLinkRuntime runtime) {
    return new CliRuntime(runtime, false);
  }

  public SignLinkStore store() {
    return runtime.store();
  }

  public ConnectionStore connections() {
    return runtime.store().connections();
  }

  /**
   * A fresh login flow for one {@code signlink login} whose pending authorization lives at least
   * {@code wait} (the login's timeout), so a slow user is not refused as "expired". Its events go
   * where the service's do (SECURITY.md §durable-webhooks): the event log, the metrics and the
   * webhook outbox, so the applications hear of a connection made in the terminal as of one made in
   * the browser; a running server delivers them.
   */
  public LoginFlow loginFlow(java.time.Duration wait) {
    return new ConnectFlowLogin(
        runtime.providers(), connections(), tokenClient, clock, runtime.events(), wait);
  }

  /**
   * A token valid for at least the safety margin, refreshed first if needed (SECURITY.md
   * §freshness).
   */
  public Secret accessToken(Connection c) {
    return tokens().accessToken(c.id()).token();
  }

  /**
   * Refreshes now and returns the stored connection with its new tokens; a refresh the provider
   * refused or could not answer is thrown (the token manager reports it for a manual refresh).
   */
  public Connection refresh(Connection c) {
    tokens().forceRefresh(c.id());
    return connections()
        .find(c.id())
        .orElseThrow(
            () ->
                new StoreException(
                    StoreException.Kind.NOT_FOUND,
                    "Connection " + c.id() + " was deleted while it was refreshed.",
                    null));
  }

  /**
   * Revokes the grant at the provider (RFC 7009): the refresh token when there is one, since that
   * ends the grant, else the access token. False when the provider has no revocation endpoint.
   */
  public boolean revokeAtProvider(Connection c) {
    if (!c.tokensReadable()) {
      return false;
    }
    ProviderProfile profile = provider(c).profileFor(c.callbackValues());
    TokenSet t = c.tokens();
    RevocationResult result =
        t.refreshToken() != null
            ? tokenClient.revoke(profile, t.refreshToken(), TokenTypeHint.REFRESH_TOKEN)
            : tokenClient.revoke(profile, t.accessToken(), TokenTypeHint.ACCESS_TOKEN);
    return result == RevocationResult.REVOKED;
  }

  /**
   * Deletes the connection after {@link #revokeAtProvider} and records its events as the service
   * does (SECURITY.md §durable-webhooks); false when it was already gone.
   */
  public boolean delete(Connection c, boolean revokedAtProvider) {
    return runtime.removal().delete(c, revokedAtProvider);
  }

  /**
   * Asks the provider now who the connection signs in as; one refresh and retry on a 401
   * (SECURITY.md §retry-on-401).
   */
  public ResolvedIdentity identity(Connection c) {
    Provider p = provider(c);
    ConnectionBearerTokens bearer = new ConnectionBearerTokens(tokens(), c.id());
    IdentityAttempt answer =
        bearer.call(
            token -> {
              try {
                return new IdentityAttempt(
                    p.accounts()
                        .resolve(p.profileFor(c.callbackValues()), asTokenSet(token, c), null),
                    null);
              } catch (ProviderRejectedException e) {
                if (!BearerChallenge.refusesToken(e)) {
                  throw e;
                }
                return new IdentityAttempt(null, e);
              }
            },
            attempt -> attempt.refusal() != null);
    if (answer.refusal() != null) {
      throw answer.refusal();
    }
    return answer.identity();
  }

  /** One resolve under the retry rule: the identity, or the 401 that refused the token. */
  private record IdentityAttempt(ResolvedIdentity identity, ProviderRejectedException refusal) {}

  /**
   * {@code GET path} below the connection's API root, as its provider's definition states it
   * (DocuSign: the account's {@code /restapi/v2.1/accounts/{id}}; BoldSign: {@code /v1}), one
   * refresh on a 401.
   *
   * @throws IllegalArgumentException when the path would leave the API root
   */
  public JsonNode getJson(Connection c, String path) {
    return api(c).get(path);
  }

  /**
   * {@code method path} with a body on the connection's API, answered with JSON (the CLI's {@code
   * call --data/--form}).
   */
  public JsonNode send(
      Connection c, String method, String path, String contentType, ApiCaller.Body body) {
    return api(c).send(method, path, contentType, body);
  }

  /** {@code GET path} on the connection's API, streamed to {@code target}. */
  public long download(Connection c, String path, java.nio.file.Path target) {
    return api(c).download(path, target);
  }

  /**
   * The connection's API as its definition describes it, with the runtime's definitions and hooks
   * (the same the service uses).
   */
  private DefinedApi api(Connection c) {
    return runtime.definedApi(c);
  }

  private Provider provider(Connection c) {
    return runtime.providers().require(c.providerId());
  }

  /**
   * The service runtime's token manager: the same refresher ({@code OAuthTokenRefresher}, which
   * re-checks a refreshed ID token, SECURITY.md §refreshed-id-token), lease and event wiring as
   * {@code signlink serve}, so a CLI refresh and a service refresh can never race each other into a
   * reuse.
   */
  private TokenManager tokens() {
    return runtime.tokens();
  }

  private TokenSet asTokenSet(Secret token, Connection c) {
    // The resolver reads only the access token; the expiry is the connection's as last stored.
    Instant expiresAt =
        c.tokensReadable() ? c.tokens().accessExpiresAt() : clock.instant().plusSeconds(60);
    return new TokenSet(token, "Bearer", null, null, c.scopes(), expiresAt, expiresAt, null);
  }

  @Override
  public void close() {
    if (ownsRuntime) {
      runtime.close();
    }
  }
}
