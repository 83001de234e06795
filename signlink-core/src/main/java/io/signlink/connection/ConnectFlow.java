package io.signlink.connection;

import io.signlink.error.ConfigurationException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.SignLinkException;
import io.signlink.oauth.AuthorizationCallbacks;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.AuthorizedCallback;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.PendingAuthorizationStore;
import io.signlink.oauth.RevocationResult;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.oauth.TokenTypeHint;
import io.signlink.provider.HttpsPolicy;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.oidc.IdTokenClaims;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent flow end to end (DESIGN "The way data flows", steps 1 and 2).
 *
 * <p>{@link #begin}: makes the authorization request with the provider's configured redirect URI
 * (never one derived from request headers, SECURITY.md §redirect-uri), saves the pending
 * authorization server-side and returns the URL to send the browser to.
 *
 * <p>{@link #complete}: validates the callback and consumes its transaction ({@link
 * AuthorizationCallbacks}: state, expiry, provider, browser, RFC 9207 {@code iss}), exchanges the
 * code once, validates the ID token with the stored nonce (SECURITY.md §nonce: no token is used or
 * stored before that check passes), resolves the identity and accounts, and upserts the connection.
 * Nothing is persisted unless every step succeeded (SECURITY.md §atomic-writes).
 *
 * <p>Thread-safe: it holds no mutable state of its own.
 */
public final class ConnectFlow {
  private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);

  private final ProviderRegistry providers;
  private final PendingAuthorizationStore pendingStore;
  private final ConnectionStore connections;
  private final TokenClient tokenClient;
  private final AuthorizationRequests requests;
  private final AuthorizationCallbacks callbacks;
  private final Function<String, URI> redirectUris;
  private final Clock clock;
  private final ConnectionEventListener events;

  /**
   * @param redirectUris the configured callback URL of each provider id, e.g. {@link
   *     #callbackUrls(URI)}
   * @param events told about created and updated connections; may be {@code null}
   */
  public ConnectFlow(
      ProviderRegistry providers,
      PendingAuthorizationStore pendingStore,
      ConnectionStore connections,
      TokenClient tokenClient,
      AuthorizationRequests requests,
      Function<String, URI> redirectUris,
      Clock clock,
      ConnectionEventListener events) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.pendingStore = Objects.requireNonNull(pendingStore, "pendingStore");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.tokenClient = Objects.requireNonNull(tokenClient, "tokenClient");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.redirectUris = Objects.requireNonNull(redirectUris, "redirectUris");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.callbacks = new AuthorizationCallbacks(pendingStore, clock);
    this.events = events == null ? e -> {} : events;
  }

  /**
   * Callback URLs {@code {publicBaseUrl}/callback/{providerId}}: one distinct path per provider,
   * the mix-up defence when a provider sends no {@code iss} (RFC 9700 §4.4.2.2, SECURITY.md
   * §issuer-check).
   */
  public static Function<String, URI> callbackUrls(URI publicBaseUrl) {
    String base = publicBaseUrl.toString();
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return providerId -> URI.create(trimmed + "/callback/" + providerId);
  }

  /**
   * Begins a consent flow.
   *
   * @param browserBinding hash of the browser's binding cookie, or {@code null} (CLI)
   * @param returnTo local path to return to afterwards, or {@code null}
   * @throws ConfigurationException for an unknown provider or an unusable redirect URI
   * @throws IllegalArgumentException when {@code returnTo} is not a local path (SECURITY.md
   *     §open-redirect)
   */
  public AuthorizationStart begin(
      String providerId, String owner, String browserBinding, String returnTo) {
    return begin(providerId, Connection.DEFAULT_APPLICATION, owner, browserBinding, returnTo);
  }

  /**
   * Begins a consent flow whose connection will belong to {@code applicationId} (the application of
   * the connect session, SECURITY.md §applications); otherwise as {@link #begin(String, String,
   * String, String)}.
   */
  public AuthorizationStart begin(
      String providerId,
      String applicationId,
      String owner,
      String browserBinding,
      String returnTo) {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(owner, "owner");
    ProviderProfile profile = providers.require(providerId).profile();
    URI redirectUri = redirectUri(profile.id());
    AuthorizationStart start =
        requests.start(profile, applicationId, owner, redirectUri, browserBinding, returnTo);
    pendingStore.save(start.pending());
    // DEBUG: anyone may begin a flow, so an INFO line each would let strangers flood the log
    // (SECURITY.md §rate-limits); completed connections are logged at INFO below.
    log.debug("Consent flow begun for provider {} and owner {}", profile.id(), owner);
    return start;
  }

  /**
   * Completes a consent flow from the callback's parameters.
   *
   * @param providerId the provider of the callback path ({@code /callback/{providerId}})
   * @param callbackParams the callback's query (or form) parameters, decoded
   * @param browserBinding hash of this browser's binding cookie, or {@code null}
   * @throws io.signlink.error.AuthorizationFlowException when the callback is refused (nothing was
   *     sent to the provider)
   * @throws io.signlink.error.SignLinkException for failures of the exchange, the ID token or the
   *     account lookup; the user must begin again (the code is spent)
   */
  public CompletedConnection complete(
      String providerId, Map<String, String> callbackParams, String browserBinding) {
    return complete(providerId, callbackParams, browserBinding, (pending, identity) -> {});
  }

  /**
   * Completes a consent flow like {@link #complete(String, Map, String)}, and lets {@code check}
   * refuse the identity the provider returned (by throwing) before anything is stored — e.g. a
   * reconnect that must keep the same provider user. The refused grant is revoked at the provider
   * where it supports revocation, and the check's exception is rethrown.
   */
  public CompletedConnection complete(
      String providerId,
      Map<String, String> callbackParams,
      String browserBinding,
      ConsentCheck check) {
    Objects.requireNonNull(check, "check");
    Provider provider = providers.require(providerId);
    AuthorizedCallback callback =
        callbacks.accept(provider.profile(), callbackParams, browserBinding);
    PendingAuthorization pending = callback.pending();
    // The redirect's hosts (Acrobat Sign's shard, Zoho's data centre) are checked against the
    // definition's allow-list before the code or the client secret goes anywhere (SECURITY.md
    // §callback-hosts); this connection's exchange, identity call and API base use them.
    Map<String, String> values = provider.callbackValues().accept(callbackParams);
    ProviderProfile profile = provider.profileFor(values);
    TokenSet tokens = tokenClient.exchangeCode(profile, callback.code(), pending);
    IdTokenClaims claims = verifyIdToken(provider, tokens, pending);
    ResolvedIdentity identity = provider.accounts().resolve(profile, tokens, claims);
    if (claims != null && !claims.subject().equals(identity.subject())) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.SUBJECT_MISMATCH,
          profile.id() + " identified a different user than the ID token; sign in again");
    }
    try {
      check.accept(pending, identity);
    } catch (RuntimeException refused) {
      revokeQuietly(profile, tokens);
      throw refused;
    }
    Account account = accountFor(profile.id(), pending, identity);
    ConnectionDraft draft =
        new ConnectionDraft(
            profile.id(),
            pending.owner(),
            identity.subject(),
            account == null ? null : account.accountId(),
            account == null ? null : account.accountName(),
            account == null ? null : account.baseUri(),
            identity.accounts(),
            tokens.scopes(),
            tokens,
            identity.email(),
            identity.name(),
            pending.applicationId(),
            values);
    Replaced replaced = replacedRefreshToken(draft);
    boolean recovering = awaitedConsent(draft);
    // The connection and its events (event log, webhook outbox) are stored in one transaction.
    ConnectionStore.Upserted upserted =
        events.afterWrite(
            connections,
            () -> connections.upsert(draft),
            u -> {
              Instant now = clock.instant();
              ConnectionEvent made =
                  ConnectionEvent.of(
                      u.created() ? ConnectionEvent.Type.CREATED : ConnectionEvent.Type.UPDATED,
                      u.connection(),
                      now,
                      "consent completed");
              return recovering && !u.created()
                  ? List.of(
                      made,
                      ConnectionEvent.of(
                          ConnectionEvent.Type.RECOVERED, u.connection(), now, "reconnected"))
                  : List.of(made);
            });
    Connection connection = upserted.connection();
    log.info(
        "Connection {} {} for provider {} and owner {}",
        connection.id(),
        upserted.created() ? "created" : "updated",
        profile.id(),
        pending.owner());
    revokeReplaced(provider, connection, replaced);
    return new CompletedConnection(connection, upserted.created(), pending.returnTo());
  }

  /**
   * The account a consent lands on: the provider's default, unless this provider user already has a
   * connection for this owner on another of the accounts the provider lists now — an account chosen
   * earlier (the console, {@code POST /api/connections/{id}/account}). So a reconnect keeps that
   * choice and updates its connection instead of opening a second one beside it. When several such
   * connections exist, one on the default account wins, else the latest changed.
   */
  private Account accountFor(
      String providerId, PendingAuthorization pending, ResolvedIdentity identity) {
    Account fallback = identity.defaultAccount().orElse(null);
    if (identity.accounts().size() < 2) {
      return fallback;
    }
    List<Connection> chosen;
    try {
      chosen =
          connections.findByOwner(pending.applicationId(), pending.owner()).stream()
              .filter(c -> c.providerId().equals(providerId))
              .filter(c -> c.subject().equals(identity.subject()))
              .filter(c -> listed(identity, c.accountId()).isPresent())
              .toList();
    } catch (RuntimeException e) {
      log.warn(
          "Could not look up the account chosen earlier for provider {}: {}; using the default",
          providerId,
          e.getClass().getSimpleName());
      return fallback;
    }
    if (chosen.isEmpty()
        || fallback != null
            && chosen.stream().anyMatch(c -> fallback.accountId().equals(c.accountId()))) {
      return fallback;
    }
    Connection latest =
        chosen.stream().max(Comparator.comparing(Connection::updatedAt)).orElseThrow();
    return listed(identity, latest.accountId()).orElse(fallback);
  }

  private static Optional<Account> listed(ResolvedIdentity identity, String accountId) {
    return identity.accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst();
  }

  /**
   * A grant the check refused is not kept: SignLink holds its tokens only in memory, so it ends the
   * grant at the provider where it can (RFC 7009, SECURITY.md §revocation). Best effort: the
   * refusal is what the user sees, whatever the provider answers.
   */
  private void revokeQuietly(ProviderProfile profile, TokenSet tokens) {
    try {
      if (tokens.refreshToken() != null) {
        tokenClient.revoke(profile, tokens.refreshToken(), TokenTypeHint.REFRESH_TOKEN);
      } else {
        tokenClient.revoke(profile, tokens.accessToken(), TokenTypeHint.ACCESS_TOKEN);
      }
    } catch (RuntimeException e) {
      log.info(
          "Revoking a refused grant at provider {} failed: {}",
          profile.id(),
          e.getClass().getSimpleName());
    }
  }

  /**
   * The refresh token of the grant a reconnect replaces: the row with the same identity (in the
   * same application), when its refresh token is not also held by another of the owner's rows
   * (DocuSign keeps one row per account of one grant). {@code null} when there is nothing to
   * revoke.
   */
  private Replaced replacedRefreshToken(ConnectionDraft draft) {
    try {
      var rows =
          // only this application's rows: another application's grant is never revoked from here
          connections.findByOwner(draft.applicationId(), draft.owner()).stream()
              .filter(c -> c.providerId().equals(draft.providerId()))
              .filter(Connection::tokensReadable)
              .toList();
      String account = draft.accountId();
      Connection same =
          rows.stream()
              .filter(c -> c.subject().equals(draft.subject()))
              .filter(c -> Objects.equals(c.accountId(), account))
              .findFirst()
              .orElse(null);
      if (same == null || same.tokens().refreshToken() == null) {
        return null;
      }
      Secret old = same.tokens().refreshToken();
      boolean shared =
          rows.stream()
              .filter(c -> !c.id().equals(same.id()))
              .anyMatch(c -> old.equals(c.tokens().refreshToken()));
      return shared || old.equals(draft.tokens().refreshToken())
          ? null
          : new Replaced(old, same.callbackValues());
    } catch (RuntimeException e) {
      log.warn(
          "Could not look up the grant a reconnect replaces for provider {}: {}",
          draft.providerId(),
          e.getClass().getSimpleName());
      return null;
    }
  }

  /**
   * True when the row this consent updates was waiting for its user to consent again, so the
   * consent ends a {@code connection.reauth_required} with a {@code connection.recovered}. A failed
   * lookup only costs that event.
   */
  private boolean awaitedConsent(ConnectionDraft draft) {
    try {
      return connections.findByOwner(draft.applicationId(), draft.owner()).stream()
          .filter(c -> c.providerId().equals(draft.providerId()))
          .filter(c -> c.subject().equals(draft.subject()))
          .filter(c -> Objects.equals(c.accountId(), draft.accountId()))
          .anyMatch(c -> c.status() == ConnectionStatus.REAUTH_REQUIRED);
    } catch (RuntimeException e) {
      log.warn(
          "Could not read the status of the connection a consent updates for provider {}: {}",
          draft.providerId(),
          e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * A reconnect replaces a grant: revoke the old one at the provider (RFC 7009), so it does not
   * live on as an orphan session (Keycloak keeps one offline session per grant). Best effort, after
   * the new grant is stored (SECURITY.md §revocation).
   */
  private void revokeReplaced(Provider provider, Connection connection, Replaced replaced) {
    if (replaced == null) {
      return;
    }
    ProviderProfile profile = provider.profile();
    try {
      // the replaced grant lives where its own connection's redirect said (its shard)
      profile = provider.profileFor(replaced.callbackValues());
      RevocationResult result =
          tokenClient.revoke(profile, replaced.refreshToken(), TokenTypeHint.REFRESH_TOKEN);
      log.info(
          "Reconnect of connection {} at {}: the replaced grant was {}",
          connection.id(),
          profile.id(),
          result == RevocationResult.REVOKED
              ? "revoked at the provider"
              : "left to expire (no revocation endpoint)");
    } catch (SignLinkException e) {
      log.warn(
          "Reconnect of connection {} at {}: could not revoke the replaced grant ({}); it expires"
              + " at the provider on its own",
          connection.id(),
          profile.id(),
          e.code());
    }
  }

  /** The grant a reconnect replaces: its refresh token and where its connection lived. */
  private record Replaced(Secret refreshToken, Map<String, String> callbackValues) {}

  /**
   * OIDC Core §3.1.3.7 with the transaction's nonce, before any token is used (SECURITY.md §nonce).
   */
  private static IdTokenClaims verifyIdToken(
      Provider provider, TokenSet tokens, PendingAuthorization pending) {
    if (!provider.profile().openId()) {
      return null;
    }
    if (tokens.idToken() == null) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.INVALID_ID_TOKEN,
          provider.id()
              + " returned no ID token although the openid scope was requested;"
              + " nothing was stored, sign in again");
    }
    if (pending.nonce() == null) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.INVALID_ID_TOKEN,
          "This sign-in began before "
              + provider.id()
              + " was configured for OpenID Connect;"
              + " sign in again");
    }
    return provider.idTokens().verify(tokens.idToken(), pending.nonce());
  }

  private URI redirectUri(String providerId) {
    URI uri = redirectUris.apply(providerId);
    if (uri == null) {
      throw new ConfigurationException(
          "redirectUri", "no callback URL is configured for provider " + providerId);
    }
    HttpsPolicy.problem(uri)
        .ifPresent(
            problem -> {
              throw new ConfigurationException(
                  "redirectUri",
                  "the callback URL for provider "
                      + providerId
                      + " "
                      + problem
                      + " (RFC 9700 §2.6)");
            });
    return uri;
  }
}
