package io.signlink.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.ErrorResponses;
import io.signlink.http.HttpResult;
import io.signlink.provider.ProtocolQuirks;
import io.signlink.provider.ProviderProfile;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a token endpoint response (RFC 6749 §5.1, §5.2) into a {@link TokenSet}, which is the
 * one place these rules live:
 *
 * <ul>
 *   <li>non-2xx → {@link ErrorResponses#classify}; a 200 carrying {@code error} is an error too;
 *   <li>body must be a JSON object with a non-empty string {@code access_token}; HTML, empty and
 *       non-JSON bodies are {@link InvalidResponseException} {@code MALFORMED} (SECURITY.md
 *       §token-response);
 *   <li>{@code token_type} compared case-insensitively; only {@code Bearer} is understood (RFC 6749
 *       §7.1: a client must not use a token whose type it does not understand, SECURITY.md
 *       §token-response);
 *   <li>{@code expires_in} (SECURITY.md §token-response): absent → the profile's default lifetime;
 *       a JSON number or a digit string (a known provider quirk) is accepted; zero, negative or
 *       non-numeric → {@code MALFORMED}; more than {@link #MAX_LIFETIME} is clamped to it, unless
 *       the provider's definition says such a value is an absolute time (SignNow), which is then
 *       converted to the time left (SECURITY.md §epoch-expires-in);
 *   <li>expiry = the local time the response was received + {@code expires_in}, never a JWT {@code
 *       exp} (SECURITY.md §token-response);
 *   <li>unknown members ignored; granted scope = the response's {@code scope}, else what was
 *       requested (SECURITY.md §token-response).
 * </ul>
 *
 * <p>No message quotes the body or a token (SECURITY.md §token-response, §redaction). Stateless and
 * thread-safe.
 */
final class TokenResponses {
  private static final Logger LOG = LoggerFactory.getLogger(TokenResponses.class);

  /**
   * Longest access-token lifetime believed; larger values are clamped (SECURITY.md
   * §token-response).
   */
  static final Duration MAX_LIFETIME = Duration.ofDays(366);

  private TokenResponses() {}

  static TokenSet parse(
      ProviderProfile profile,
      HttpResult result,
      Collection<String> requestedScopes,
      Instant receivedAt,
      Clock clock) {
    return parse(profile, result, requestedScopes, receivedAt, clock, false);
  }

  /**
   * As above; with {@code keepRotation}, a 200 answer whose refresh token reads but whose other
   * members fail a check is reported as {@link RejectedRefreshAnswer} carrying that refresh token,
   * so it can be stored (SECURITY.md §rotation, docs/REFRESH-ANSWERS.md).
   */
  static TokenSet parse(
      ProviderProfile profile,
      HttpResult result,
      Collection<String> requestedScopes,
      Instant receivedAt,
      Clock clock,
      boolean keepRotation) {
    String provider = profile.id();
    if (!result.isSuccess()) {
      throw ErrorResponses.classify(
          provider, "token request", result, clock, profile.quirks()::standardErrorCode);
    }
    Map<String, Object> json = parseJson(provider, result);
    if (json.containsKey("error")) {
      ErrorResponses.OAuthError e =
          ErrorResponses.oauthError(result)
              .orElseThrow(() -> malformed(provider, "malformed", "an unreadable error member"));
      String code = profile.quirks().standardErrorCode(e.code());
      throw new ProviderRejectedException(
          provider, code, e.description(), result.status(), null, ErrorResponses.advice(code));
    }
    Secret refreshToken = Secret.ofNullable(string(json, "refresh_token", provider));
    Duration refreshLifetime = optionalLifetime(json.get("refresh_expires_in"));
    Instant refreshExpiresAt =
        refreshToken == null || refreshLifetime == null ? null : receivedAt.plus(refreshLifetime);
    try {
      return checked(
          profile, json, requestedScopes, receivedAt, refreshToken, refreshExpiresAt, provider);
    } catch (InvalidResponseException e) {
      if (!keepRotation) {
        throw e;
      }
      throw new RejectedRefreshAnswer(
          e, RefreshAnswerCheck.of(e.check()), refreshToken, refreshExpiresAt);
    }
  }

  /** The checks after the refresh token was read (the rotation a failure must not lose). */
  private static TokenSet checked(
      ProviderProfile profile,
      Map<String, Object> json,
      Collection<String> requestedScopes,
      Instant receivedAt,
      Secret refreshToken,
      Instant refreshExpiresAt,
      String provider) {
    Secret accessToken = Secret.ofNullable(string(json, "access_token", provider));
    if (accessToken == null) {
      throw malformed(provider, "access_token_missing", "no access_token");
    }
    String tokenType = string(json, "token_type", provider);
    if (tokenType == null) {
      throw malformed(provider, "token_type", "no token_type");
    }
    if (!tokenType.equalsIgnoreCase("bearer")) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED,
          "token_type",
          provider
              + " issued a token of type '"
              + printable(tokenType)
              + "', which SignLink cannot use (only Bearer); check the provider's app settings",
          null);
    }
    Duration lifetime = lifetime(json.get("expires_in"), profile, provider, receivedAt);
    return new TokenSet(
        accessToken,
        "Bearer",
        refreshToken,
        Secret.ofNullable(string(json, "id_token", provider)),
        grantedScopes(json, requestedScopes, provider),
        receivedAt,
        receivedAt.plus(lifetime),
        refreshExpiresAt);
  }

  private static Map<String, Object> parseJson(String provider, HttpResult result) {
    if (result.body().length == 0) {
      throw malformed(provider, "malformed", "an empty body");
    }
    try {
      return JSONObjectUtils.parse(result.bodyAsString());
    } catch (ParseException | RuntimeException e) {
      // Never chain e: its message may quote the body, which holds tokens (SECURITY.md
      // §token-response).
      throw malformed(provider, "malformed", "a body that is not a JSON object");
    }
  }

  private static Duration lifetime(
      Object value, ProviderProfile profile, String provider, Instant receivedAt) {
    if (value == null) {
      return profile.defaultAccessTokenLifetime();
    }
    long seconds;
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw malformed(provider, "expires_in", "an expires_in that is not a number");
      }
      seconds = d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(d);
    } else if (value instanceof String s && s.matches("\\d{1,12}")) {
      seconds = Long.parseLong(s);
    } else {
      throw malformed(provider, "expires_in", "an expires_in that is not a number");
    }
    if (seconds <= 0) {
      throw malformed(provider, "expires_in", "an expires_in that is not positive");
    }
    if (profile.quirks().isEpochExpiresIn(seconds)) {
      return untilEpoch(seconds, profile, provider, receivedAt);
    }
    Duration d = Duration.ofSeconds(Math.min(seconds, MAX_LIFETIME.toSeconds()));
    return d;
  }

  /**
   * An {@code expires_in} the provider's definition says is an absolute time (SECURITY.md
   * §epoch-expires-in): the time left until then, counted from local receipt. A time already past
   * or beyond {@link #MAX_LIFETIME} cannot be believed: the token's lifetime is then unknown and
   * the provider's default lifetime is assumed, so SignLink refreshes early rather than late.
   */
  private static Duration untilEpoch(
      long epochSeconds, ProviderProfile profile, String provider, Instant receivedAt) {
    Optional<Duration> left = ProtocolQuirks.remaining(epochSeconds, receivedAt);
    if (left.isPresent() && left.get().compareTo(MAX_LIFETIME) <= 0) {
      return left.get();
    }
    LOG.warn(
        "{}'s token response gave expires_in as an absolute time {} than SignLink believes ({});"
            + " the default lifetime {} is assumed and the token is refreshed by then",
        provider,
        left.isPresent() ? "further off" : "already past",
        left.isPresent() ? "over " + MAX_LIFETIME.toDays() + " days" : "check the server clocks",
        profile.defaultAccessTokenLifetime());
    return profile.defaultAccessTokenLifetime();
  }

  /** Keycloak-style {@code refresh_expires_in}; ignored unless a positive number. */
  private static Duration optionalLifetime(Object value) {
    if (value instanceof Number n && n.doubleValue() >= 1) {
      return Duration.ofSeconds(Math.min(n.longValue(), MAX_LIFETIME.toSeconds()));
    }
    return null;
  }

  private static Set<String> grantedScopes(
      Map<String, Object> json, Collection<String> requested, String provider) {
    String scope = string(json, "scope", provider);
    if (scope != null && !scope.isBlank()) {
      Set<String> granted = new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
      return granted;
    }
    return requested == null ? Set.of() : Set.copyOf(requested);
  }

  /** A string member; absent or JSON null gives {@code null}; another type is malformed. */
  private static String string(Map<String, Object> json, String name, String provider) {
    Object v = json.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    throw malformed(provider, "member_type", "a " + name + " that is not a string");
  }

  private static String printable(String value) {
    return value.matches("[A-Za-z0-9_.\\-]{1,32}") ? value : "unrecognised";
  }

  private static InvalidResponseException malformed(String provider, String check, String what) {
    return new InvalidResponseException(
        InvalidResponseException.Kind.MALFORMED,
        check,
        "The token response from "
            + provider
            + " had "
            + what
            + "; its tokens were not used. Check the configured token endpoint, or retry later",
        null);
  }
}
