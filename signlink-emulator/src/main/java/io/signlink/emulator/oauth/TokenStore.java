package io.signlink.emulator.oauth;

import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.SeedUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every code, grant and token the emulator has issued, in memory. Tokens are looked up by value;
 * the maps are concurrent, and the two operations that must be atomic — redeeming a code and
 * rotating a refresh token — run under the code's or the grant's monitor, so a thousand concurrent
 * refreshes of different grants never contend while two refreshes of the same token are serialised
 * and the second is detected as reuse.
 *
 * <p>Thread-safe: see above.
 */
public final class TokenStore {

  private static final long PURGE_EVERY = 4096;

  private final Clock clock;
  private final RandomValues random;
  private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
  private final AtomicLong issued = new AtomicLong();

  public TokenStore(Clock clock, RandomValues random) {
    this.clock = clock;
    this.random = random;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Issues a code for an approved request (RFC 6749 §4.1.2); it lives for {@code ttl}. */
  public String issueCode(AuthorizationRequest request, SeedUser user, Duration ttl) {
    Instant now = now();
    String value = random.next();
    codes.put(value, new AuthorizationCode(request, user, now, now.plus(ttl)));
    maybePurge(now);
    return value;
  }

  /** The code with this value, redeemed or not, while it is remembered. */
  public Optional<AuthorizationCode> code(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(codes.get(value));
  }

  /** A new grant; the caller issues its first tokens with {@link #issue}. */
  public Grant newGrant(
      RegisteredClient client, SeedUser user, List<String> scopes, Instant authTime) {
    Grant grant = new Grant(random.next(), client, user, scopes, authTime);
    grants.put(grant.id(), grant);
    return grant;
  }

  /**
   * Issues an access token (and a refresh token if {@code refreshTtl} is not null) under {@code
   * grant}. The access token carries {@code scopes}, which may be narrower than the grant's.
   */
  public IssuedTokens issue(
      Grant grant, List<String> scopes, Duration accessTtl, Duration refreshTtl) {
    Instant now = now();
    String access = random.next();
    accessTokens.put(access, new AccessToken(grant, scopes, now.plus(accessTtl)));
    String refresh = null;
    if (refreshTtl != null) {
      refresh = random.next();
      refreshTokens.put(refresh, new RefreshToken(grant, now.plus(refreshTtl)));
    }
    maybePurge(now);
    return new IssuedTokens(access, accessTtl.toSeconds(), String.join(" ", scopes), refresh, null);
  }

  /**
   * Rotates a refresh token (RFC 6749 §6): the presented token is retired and a new pair issued.
   * Presenting a token that was already rotated revokes its whole grant (RFC 9700 §4.14.2), so the
   * legitimate holder's newest tokens stop working too, unless it comes back within {@code
   * reuseGrace} of its rotation: then a fresh pair is issued under the same grant (a client whose
   * answer was lost can retry, as with providers that document a reuse window).
   *
   * @param requestedScopes the {@code scope} parameter (RFC 6749 §6: may narrow, never widen), or
   *     {@code null} for the grant's scopes
   * @throws OAuthException {@code invalid_grant} for an unknown, expired, reused or revoked token,
   *     or one issued to another client; {@code invalid_scope} for a widening scope
   */
  public RotatedGrant rotate(
      String value,
      RegisteredClient client,
      List<String> requestedScopes,
      Duration accessTtl,
      Duration refreshTtl,
      Duration reuseGrace) {
    RefreshToken token = value == null ? null : refreshTokens.get(value);
    if (token == null) {
      throw OAuthException.invalidGrant("The refresh token is unknown or expired.");
    }
    Grant grant = token.grant();
    if (!grant.client().clientId().equals(client.clientId())
        || grant.provider() != client.provider()) {
      throw OAuthException.invalidGrant("The refresh token was not issued to this client.");
    }
    synchronized (grant) {
      if (grant.isRevoked()) {
        throw OAuthException.invalidGrant("The grant was revoked; the user must authorize again.");
      }
      boolean graced =
          token.state() == RefreshToken.State.ROTATED
              && reuseGrace != null
              && !reuseGrace.isZero()
              && now().isBefore(token.rotatedAt().plus(reuseGrace));
      if (token.state() == RefreshToken.State.ROTATED && !graced) {
        grant.revoke();
        throw new OAuthException(
            "invalid_grant",
            "The refresh token was already used; every token of "
                + "this grant is now revoked (RFC 9700 §4.14.2). The user must authorize again.");
      }
      if (!now().isBefore(token.expiresAt())) {
        throw OAuthException.invalidGrant(
            "The refresh token has expired; the user must authorize again.");
      }
      List<String> scopes = requestedScopes == null ? grant.scopes() : requestedScopes;
      if (!grant.scopes().containsAll(scopes)) {
        throw new OAuthException(
            "invalid_scope", "A refresh cannot add scopes the user did not grant.");
      }
      if (!graced) {
        token.markRotated(now());
      }
      return new RotatedGrant(grant, issue(grant, scopes, accessTtl, refreshTtl));
    }
  }

  /** A grant and the tokens just issued under it. */
  public record RotatedGrant(Grant grant, IssuedTokens tokens) {}

  /** The access token with this value if it belongs to {@code provider} and is active now. */
  public Optional<AccessToken> activeAccessToken(String value, Provider provider) {
    AccessToken token = value == null ? null : accessTokens.get(value);
    if (token == null || token.grant().provider() != provider || !token.isActive(now())) {
      return Optional.empty();
    }
    return Optional.of(token);
  }

  /**
   * RFC 7009 §2.1: revokes the token if {@code client} owns it. A refresh token takes its grant
   * (and so all its access tokens) with it; an access token goes alone.
   *
   * @return whether a token of this client was found
   */
  public boolean revokeToken(String value, RegisteredClient client) {
    RefreshToken refresh = refreshTokens.get(value);
    if (refresh != null && owns(client, refresh.grant())) {
      revokeGrant(refresh.grant());
      return true;
    }
    AccessToken access = accessTokens.get(value);
    if (access != null && owns(client, access.grant())) {
      access.revoke();
      return true;
    }
    return false;
  }

  public void revokeGrant(Grant grant) {
    if (grant != null) {
      grant.revoke();
    }
  }

  /** Revokes the grant behind an access or refresh token, whoever owns it (admin). */
  public boolean revokeGrantOfToken(String value) {
    RefreshToken refresh = refreshTokens.get(value);
    Grant grant = refresh != null ? refresh.grant() : null;
    AccessToken access = accessTokens.get(value);
    grant = grant != null ? grant : access != null ? access.grant() : null;
    if (grant == null) {
      return false;
    }
    grant.revoke();
    return true;
  }

  /** Revokes every live grant matching {@code filter}; returns how many. */
  public int revokeGrants(Predicate<Grant> filter) {
    int n = 0;
    for (Grant grant : grants.values()) {
      if (!grant.isRevoked() && filter.test(grant)) {
        grant.revoke();
        n++;
      }
    }
    return n;
  }

  /** Makes every currently active access token invalid, as if expired; returns how many. */
  public int expireAccessTokens() {
    Instant now = now();
    int n = 0;
    for (AccessToken token : accessTokens.values()) {
      if (token.isActive(now)) {
        token.revoke();
        n++;
      }
    }
    return n;
  }

  private static boolean owns(RegisteredClient client, Grant grant) {
    return grant.provider() == client.provider()
        && grant.client().clientId().equals(client.clientId());
  }

  /** Forgets long-expired entries now and then, so a long demo run does not grow without bound. */
  private void maybePurge(Instant now) {
    if (issued.incrementAndGet() % PURGE_EVERY != 0) {
      return;
    }
    // Keep codes a while after expiry so a late reuse is still recognised and revokes its tokens.
    Instant codeHorizon = now.minus(Duration.ofMinutes(10));
    codes.values().removeIf(c -> c.expiresAt().isBefore(codeHorizon));
    accessTokens.values().removeIf(t -> t.expiresAt().isBefore(now));
    refreshTokens.values().removeIf(t -> t.expiresAt().isBefore(now));
  }

  /**
   * Everything a restarted emulator needs to keep honouring what it issued: grants, and their live
   * access and refresh tokens (rotated ones too, so a reuse after a restart is still caught). Codes
   * are not kept: they live a minute.
   */
  public Snapshot snapshot() {
    List<Snapshot.GrantState> g = new java.util.ArrayList<>();
    grants
        .values()
        .forEach(
            x ->
                g.add(
                    new Snapshot.GrantState(
                        x.id(),
                        x.provider().name(),
                        x.client().clientId(),
                        x.user().sub(),
                        x.scopes(),
                        x.authTime(),
                        x.isRevoked())));
    List<Snapshot.TokenState> t = new java.util.ArrayList<>();
    Instant now = now();
    accessTokens.forEach(
        (value, a) -> {
          if (a.expiresAt().isAfter(now)) {
            t.add(
                new Snapshot.TokenState(
                    "access", value, a.grant().id(), a.scopes(), a.expiresAt(), !a.isActive(now)));
          }
        });
    refreshTokens.forEach(
        (value, r) -> {
          if (r.expiresAt().isAfter(now)) {
            t.add(
                new Snapshot.TokenState(
                    "refresh",
                    value,
                    r.grant().id(),
                    List.of(),
                    r.expiresAt(),
                    r.state() == RefreshToken.State.ROTATED));
          }
        });
    return new Snapshot(g, t);
  }

  /**
   * Takes back a {@link #snapshot()}; grants whose client or user this emulator no longer knows are
   * dropped with their tokens (their holders then get {@code invalid_grant}, as they would from a
   * provider that forgot them).
   */
  public void restore(Snapshot snapshot, Clients clients) {
    Map<String, Grant> restored = new java.util.HashMap<>();
    for (Snapshot.GrantState g : snapshot.grants()) {
      Provider provider = Provider.valueOf(g.provider());
      Optional<RegisteredClient> client = clients.find(provider, g.clientId());
      Optional<SeedUser> user = io.signlink.emulator.SeedUsers.find(provider, g.userSub());
      if (client.isEmpty() || user.isEmpty()) {
        continue;
      }
      Grant grant = new Grant(g.id(), client.get(), user.get(), g.scopes(), g.authTime());
      if (g.revoked()) {
        grant.revoke();
      }
      restored.put(grant.id(), grant);
    }
    grants.putAll(restored);
    for (Snapshot.TokenState t : snapshot.tokens()) {
      Grant grant = restored.get(t.grantId());
      if (grant == null) {
        continue;
      }
      if (t.kind().equals("access")) {
        AccessToken a = new AccessToken(grant, t.scopes(), t.expiresAt());
        if (t.spent()) {
          a.revoke();
        }
        accessTokens.put(t.value(), a);
      } else {
        RefreshToken r = new RefreshToken(grant, t.expiresAt());
        if (t.spent()) {
          r.markRotated(Instant.EPOCH); // long past any reuse grace: a replay is caught
        }
        refreshTokens.put(t.value(), r);
      }
    }
  }

  /** The persisted form of the store; see {@link #snapshot()}. */
  public record Snapshot(List<GrantState> grants, List<TokenState> tokens) {
    public Snapshot {
      grants = grants == null ? List.of() : List.copyOf(grants);
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** A grant: who consented to which client, and whether it was revoked. */
    public record GrantState(
        String id,
        String provider,
        String clientId,
        String userSub,
        List<String> scopes,
        Instant authTime,
        boolean revoked) {}

    /** An access or refresh token; {@code spent} is revoked (access) or rotated (refresh). */
    public record TokenState(
        String kind,
        String value,
        String grantId,
        List<String> scopes,
        Instant expiresAt,
        boolean spent) {}
  }
}
