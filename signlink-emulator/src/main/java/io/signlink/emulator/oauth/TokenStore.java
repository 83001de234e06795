package io.signlink.emulator.oauth;

import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.profile.Rotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
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
  private final Map<String, Deque<Grant>> refreshGrantsByUser = new ConcurrentHashMap<>();
  private final AtomicLong issued = new AtomicLong();

  public TokenStore(Clock clock, RandomValues random) {
    this.clock = clock;
    this.random = random;
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * Issues a code for an approved request (RFC 6749 §4.1.2); it lives for {@code ttl}, belongs to
   * {@code region} and, if {@code refreshTokenOffered}, is exchanged for a refresh token too.
   */
  public String issueCode(
      AuthorizationRequest request,
      SeedUser user,
      Duration ttl,
      String region,
      boolean refreshTokenOffered) {
    Instant now = now();
    String value = random.next();
    codes.put(
        value,
        new AuthorizationCode(request, user, now, now.plus(ttl), region, refreshTokenOffered));
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
    return newGrant(client, user, scopes, authTime, null);
  }

  /** A new grant whose tokens only {@code region}'s hosts accept ({@code null}: every host). */
  public Grant newGrant(
      RegisteredClient client,
      SeedUser user,
      List<String> scopes,
      Instant authTime,
      String region) {
    Grant grant = new Grant(random.next(), client, user, scopes, authTime, region);
    grants.put(grant.id(), grant);
    return grant;
  }

  /**
   * Keeps at most {@code max} grants with a live refresh token per user and client, {@code grant}
   * being the newest: the oldest beyond the limit are revoked with their access tokens (Zoho: "the
   * 21st refresh token deletes the oldest"). {@code max} 0 means no limit.
   */
  public void limitRefreshTokens(Grant grant, int max) {
    if (max <= 0) {
      return;
    }
    String key =
        grant.provider().id() + '\n' + grant.client().clientId() + '\n' + grant.user().sub();
    Deque<Grant> live = refreshGrantsByUser.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (live) {
      live.removeIf(Grant::isRevoked);
      live.addLast(grant);
      while (live.size() > max) {
        live.removeFirst().revoke();
      }
    }
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
   * A refresh (RFC 6749 §6) under {@code rules}. Rotating profiles retire the presented token and
   * issue a new pair. Presenting a token that was already rotated revokes its whole grant (RFC 9700
   * §4.14.2), so the legitimate holder's newest tokens stop working too, unless it comes back
   * within the reuse grace of its rotation: then a fresh pair is issued under the same grant (a
   * client whose answer was lost can retry, as with providers that document a reuse window).
   * Reusing profiles ({@link Rotation#REUSED}, {@link Rotation#ECHOED}) keep the refresh token
   * active, slide its idle expiry, and issue only an access token ({@code ECHOED} repeats the
   * refresh token in the answer). Only {@code region}'s hosts ({@code null}: any) know the token.
   *
   * @param requestedScopes the {@code scope} parameter (RFC 6749 §6: may narrow, never widen), or
   *     {@code null} for the grant's scopes
   * @throws OAuthException {@code invalid_grant} for an unknown, expired, reused or revoked token,
   *     or one issued to another client; {@code invalid_scope} for a widening scope
   */
  public RotatedGrant refresh(
      String value,
      RegisteredClient client,
      List<String> requestedScopes,
      ProviderRules rules,
      String region) {
    Rotation rotation = rules.profile().rotation();
    Duration idle = rules.profile().refreshTokenIdleTtl();
    BiFunction<Grant, List<String>, IssuedTokens> reuse =
        rotation == Rotation.ROTATING
            ? (grant, scopes) -> null
            : (grant, scopes) -> {
              RefreshToken token = refreshTokens.get(value);
              if (idle != null) {
                token.extendTo(now().plus(idle));
              }
              IssuedTokens issued = issue(grant, scopes, rules.accessTokenTtl(), null);
              return rotation == Rotation.ECHOED ? issued.withRefreshToken(value) : issued;
            };
    return refresh(
        value,
        client,
        requestedScopes,
        region,
        reuse,
        rules.accessTokenTtl(),
        rules.newRefreshTokenTtl(),
        rules.refreshTokenReuseGrace());
  }

  private RotatedGrant refresh(
      String value,
      RegisteredClient client,
      List<String> requestedScopes,
      String region,
      BiFunction<Grant, List<String>, IssuedTokens> reuse,
      Duration accessTtl,
      Duration refreshTtl,
      Duration reuseGrace) {
    RefreshToken token = value == null ? null : refreshTokens.get(value);
    if (token == null || (region != null && !region.equals(token.grant().region()))) {
      throw OAuthException.invalidGrant("The refresh token is unknown or expired.");
    }
    Grant grant = token.grant();
    if (!grant.client().clientId().equals(client.clientId())
        || !grant.provider().equals(client.provider())) {
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
      IssuedTokens reused = reuse.apply(grant, scopes);
      if (reused != null) {
        return new RotatedGrant(grant, reused);
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
    if (token == null || !token.grant().provider().equals(provider) || !token.isActive(now())) {
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

  /**
   * Revokes the grant behind an access or refresh token of {@code provider} that {@code server}'s
   * hosts accept (the token alone authorizes it: Acrobat Sign, Zoho).
   *
   * @return whether such a token was found
   */
  public boolean revokeGrantOfToken(String value, Provider provider, AuthServer server) {
    RefreshToken refresh = refreshTokens.get(value);
    AccessToken access = accessTokens.get(value);
    Grant grant = refresh != null ? refresh.grant() : access != null ? access.grant() : null;
    if (grant == null
        || grant.isRevoked()
        || !grant.provider().equals(provider)
        || !server.accepts(grant.region())) {
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
    return grant.provider().equals(client.provider())
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
                        x.isRevoked(),
                        x.region())));
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
  public void restore(
      Snapshot snapshot, Clients clients, BiFunction<String, String, Optional<SeedUser>> users) {
    Map<String, Grant> restored = new java.util.HashMap<>();
    for (Snapshot.GrantState g : snapshot.grants()) {
      String providerId = g.provider().toLowerCase(java.util.Locale.ROOT);
      Optional<RegisteredClient> client =
          clients.all().stream()
              .filter(c -> c.provider().id().equals(providerId))
              .filter(c -> c.clientId().equals(g.clientId()))
              .findFirst();
      Optional<SeedUser> user = users.apply(providerId, g.userSub());
      if (client.isEmpty() || user.isEmpty()) {
        continue;
      }
      Grant grant =
          new Grant(g.id(), client.get(), user.get(), g.scopes(), g.authTime(), g.region());
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

    /**
     * A grant: who consented to which client, whether it was revoked, and its region ({@code null}
     * in files written before regions existed).
     */
    public record GrantState(
        String id,
        String provider,
        String clientId,
        String userSub,
        List<String> scopes,
        Instant authTime,
        boolean revoked,
        String region) {}

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
