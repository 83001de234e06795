package io.signlink.emulator.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.emulator.SeedUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Signs OIDC ID tokens (OIDC Core §2) with the current key of {@link SigningKeys}: RS256 with a
 * {@code kid}, {@code iss}, {@code sub}, {@code aud} = client id, {@code exp}, {@code iat}, {@code
 * auth_time}, the request's {@code nonce} (not on refresh, OIDC Core §12.2), and the profile/email
 * claims the granted scopes allow. Lifetime 5 minutes, IdentityServer's default.
 *
 * <p>Thread-safe: stateless apart from the thread-safe key holder and clock.
 */
public final class IdTokens {

  private static final Duration LIFETIME = Duration.ofMinutes(5);

  private final SigningKeys keys;
  private final Clock clock;

  public IdTokens(SigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public String issue(String issuer, Grant grant, String nonce) {
    Instant now = clock.instant();
    SeedUser user = grant.user();
    List<String> scopes = grant.scopes();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.sub())
            .audience(grant.client().clientId())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .claim("auth_time", grant.authTime().getEpochSecond())
            .claim("idp", "local")
            .claim("amr", List.of("pwd"));
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    if (scopes.contains("profile")) {
      claims
          .claim("name", user.name())
          .claim("given_name", user.givenName())
          .claim("family_name", user.familyName());
    }
    if (scopes.contains("email")) {
      claims.claim("email", user.email()).claim("email_verified", true);
    }
    RSAKey key = keys.current();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign an ID token", e);
    }
    return jwt.serialize();
  }
}
