package io.signlink.provider.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.signlink.error.InvalidResponseException;
import io.signlink.http.HttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Validates the ID tokens of one provider (OpenID Connect Core §3.1.3.7), always including the
 * signature, even for tokens received straight from the token endpoint (SECURITY.md §id-token).
 *
 * <p>Signature: Nimbus {@link DefaultJWTProcessor} with a {@link JWSVerificationKeySelector} over
 * the provider's JWKS, fetched only from the profile's {@code jwks_uri} (SECURITY.md §id-token),
 * with algorithms from {@link IdTokenPolicy#algorithms()} — never {@code none}, never HS*
 * (SECURITY.md §id-token). An unknown {@code kid} triggers one rate-limited JWKS refetch
 * (SECURITY.md §jwks-rotation); unparseable keys in the JWKS are ignored (SECURITY.md §id-token).
 *
 * <p><b>{@code kid} policy (SECURITY.md §jwks-rotation):</b> a token without {@code kid} is
 * accepted when exactly one key in the JWKS fits its algorithm; when several keys fit, it is
 * rejected rather than tried against each key, so that a signing key can never be chosen by trial.
 *
 * <p>Claims: {@code iss} exact, {@code aud} contains the client id and nothing untrusted, {@code
 * azp} required with several audiences, {@code exp}/{@code iat} required within the policy's leeway
 * (SECURITY.md §id-token), {@code sub} required, {@code nonce} equal to the one sent (SECURITY.md
 * §nonce). Every failure is an {@link InvalidResponseException} of kind {@code INVALID_ID_TOKEN}
 * naming the failed check; a JWKS endpoint that is down while a new key is needed surfaces as
 * {@link io.signlink.error.TransientException} (SECURITY.md §jwks-rotation).
 *
 * <p>Thread-safe; create one per provider and share it.
 */
public final class IdTokenVerifier {
  private final String providerId;
  private final Clock clock;
  private final IdTokenPolicy policy;
  private final JwkSetCache jwks;
  private final IdTokenClaimsCheck checks;
  private final DefaultJWTProcessor<SecurityContext> processor;

  /** A verifier for {@code profile}, fetching keys from {@code profile.jwksUri()}. */
  public IdTokenVerifier(
      ProviderProfile profile, HttpTransport http, Clock clock, IdTokenPolicy policy) {
    this(profile, requireJwksUri(profile), http, clock, policy);
  }

  private static Supplier<URI> requireJwksUri(ProviderProfile profile) {
    URI uri = profile.jwksUri();
    if (uri == null) {
      throw new io.signlink.error.ConfigurationException(
          "providers." + profile.id() + ".jwksUri",
          "an OpenID provider needs a jwks_uri to verify ID tokens; set it or use discovery");
    }
    return () -> uri;
  }

  /**
   * A verifier whose JWKS location is read on every fetch, for discovered providers whose {@code
   * jwks_uri} may change (SECURITY.md §discovery).
   */
  public IdTokenVerifier(
      ProviderProfile profile,
      Supplier<URI> jwksUri,
      HttpTransport http,
      Clock clock,
      IdTokenPolicy policy) {
    Objects.requireNonNull(profile, "profile");
    this.providerId = profile.id();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.jwks =
        new JwkSetCache(
            providerId,
            jwksUri,
            new JsonFetcher(http),
            clock,
            policy.minJwksRefetchInterval(),
            policy.jwksMaxAge());
    this.checks = new IdTokenClaimsCheck(providerId, profile.issuer(), profile.clientId(), policy);
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            policy.algorithms(), (JWKSource<SecurityContext>) this::keys));
    processor.setJWTClaimsSetVerifier(null); // IdTokenClaimsCheck names each failed check itself
  }

  /** A verifier with {@link IdTokenPolicy#defaults()}. */
  public static IdTokenVerifier create(ProviderProfile profile, HttpTransport http, Clock clock) {
    return new IdTokenVerifier(profile, http, clock, IdTokenPolicy.defaults());
  }

  /**
   * Verifies an ID token from a code exchange.
   *
   * @param expectedNonce the nonce sent with the authorization request (required)
   */
  public IdTokenClaims verify(Secret idToken, Secret expectedNonce) {
    Objects.requireNonNull(idToken, "idToken");
    Objects.requireNonNull(expectedNonce, "expectedNonce");
    JWTClaimsSet claims = signedClaims(idToken);
    IdTokenClaims result = checks.standard(claims, clock.instant());
    checks.nonce(claims, expectedNonce);
    return result;
  }

  /**
   * Verifies an ID token from a refresh response: all the checks of {@link #verify} except the
   * nonce (a refreshed token need not carry one), plus OIDC Core §12.2 — the same {@code iss},
   * {@code sub}, {@code aud} and {@code azp} as {@code original} (SECURITY.md §refreshed-id-token).
   */
  public IdTokenClaims verifyRefreshed(Secret idToken, IdTokenClaims original) {
    return verifyRefreshed(idToken, original, null);
  }

  /**
   * As {@link #verifyRefreshed(Secret, IdTokenClaims)}, with the original ID token itself when it
   * is known, so that a {@code nonce} in the refreshed token must equal the original's (OIDC Core
   * §12.2) and a malformed {@code auth_time} is caught (SECURITY.md §refreshed-id-token). Every
   * failure names its check (docs/REFRESH-ANSWERS.md).
   *
   * @param originalToken the ID token from consent, or {@code null} when none was kept
   */
  public IdTokenClaims verifyRefreshed(
      Secret idToken, IdTokenClaims original, Secret originalToken) {
    Objects.requireNonNull(idToken, "idToken");
    Objects.requireNonNull(original, "original");
    JWTClaimsSet claims = signedClaims(idToken);
    IdTokenClaims refreshed = checks.standard(claims, clock.instant());
    checks.sameParty(refreshed, original);
    checks.optionalMembers(claims);
    if (originalToken != null) {
      checks.sameNonce(claims, unverifiedClaims(originalToken));
    }
    return refreshed;
  }

  /** The claims of a token verified earlier (at consent); {@code null} when it no longer parses. */
  private static JWTClaimsSet unverifiedClaims(Secret token) {
    try {
      return JWTParser.parse(token.reveal()).getJWTClaimsSet();
    } catch (ParseException e) {
      return null;
    }
  }

  private JWTClaimsSet signedClaims(Secret idToken) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken.reveal());
    } catch (ParseException e) {
      throw checks.fail("malformed", "it is not a well-formed JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw checks.fail("unsigned", "it is unsigned (alg none)");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
      throw checks.fail("encrypted", "it is encrypted, which SignLink does not support");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!policy.algorithms().contains(alg)) {
      throw checks.fail(
          "algorithm",
          "its algorithm " + alg + " is not accepted (allowed: " + policy.algorithms() + ")");
    }
    try {
      return processor.process(signed, null);
    } catch (AmbiguousKeyException e) {
      throw checks.fail("ambiguous_key", e.getMessage());
    } catch (BadJOSEException e) {
      String kid = signed.getHeader().getKeyID();
      if (kid != null && jwks.lacks(kid)) {
        throw checks.fail(
            "unknown_kid",
            "its key id is not in the provider's JWKS, even after refetching it; if the provider"
                + " just rotated its keys this resolves itself on a later attempt");
      }
      throw checks.fail(
          "signature",
          "its signature does not verify with any key in the provider's JWKS ("
              + e.getMessage()
              + ")");
    } catch (JOSEException e) {
      throw checks.fail("signature", "its signature could not be checked (" + e.getMessage() + ")");
    }
  }

  /** The JWK source behind the key selector: the cached JWKS, with the {@code kid} policy. */
  private List<JWK> keys(JWKSelector selector, SecurityContext unused) throws KeySourceException {
    List<JWK> found = selector.select(jwks.keys());
    if (found.isEmpty()) {
      // OIDC Core §10.1.1: an unfamiliar kid means the provider may have rotated its keys.
      Set<String> wanted = selector.getMatcher().getKeyIDs();
      String kid = wanted == null || wanted.size() != 1 ? null : wanted.iterator().next();
      found = selector.select(jwks.refetchForUnknownKid(kid));
    }
    Set<String> kids = selector.getMatcher().getKeyIDs();
    boolean kidGiven = kids != null && !kids.isEmpty() && !kids.contains(null);
    if (!kidGiven && found.size() > 1) {
      throw new AmbiguousKeyException(
          "it has no kid and the provider's JWKS holds "
              + found.size()
              + " keys that fit its algorithm");
    }
    return found;
  }

  /** The kid-absent, several-keys case: rejected by policy, not by a failed signature. */
  private static final class AmbiguousKeyException extends KeySourceException {
    private static final long serialVersionUID = 1L;

    AmbiguousKeyException(String message) {
      super(message);
    }
  }
}
