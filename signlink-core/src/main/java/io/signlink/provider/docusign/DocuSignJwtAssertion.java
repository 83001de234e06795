package io.signlink.provider.docusign;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The signed assertion of DocuSign's JWT grant (RFC 7523, {@code
 * urn:ietf:params:oauth:grant-type:jwt-bearer}) for service integrations acting as a user.
 *
 * <p>Claims as DocuSign's SDK builds them: {@code iss} = integration key, {@code sub} = the user
 * id, {@code aud} = the account server's bare authority ({@code account-d.docusign.com}, no
 * scheme), {@code scope} = {@code signature impersonation}, {@code exp} = {@code iat} + 1 h. {@code
 * iat} is set {@code backdate} (default 60 s) in the past, because DocuSign rejects assertions
 * "issued in the future" when the local clock runs a little ahead (docs/PROVIDERS.md "clock skew").
 * Signed RS256 with the integration's RSA key by nimbus-jose-jwt.
 *
 * <p>Immutable and thread-safe.
 */
public final class DocuSignJwtAssertion {
  /** The scopes the JWT grant needs; the user must have consented to both. */
  public static final List<String> SCOPES = List.of("signature", "impersonation");

  private static final Duration LIFETIME = Duration.ofHours(1);
  private static final Duration MAX_BACKDATE = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration backdate;

  public DocuSignJwtAssertion(Clock clock, Duration backdate) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(backdate, "backdate");
    if (backdate.isNegative() || backdate.compareTo(MAX_BACKDATE) > 0) {
      throw new IllegalArgumentException(
          "backdate must be between 0 and 5 minutes, was " + backdate);
    }
    this.backdate = backdate;
  }

  /** Backdates {@code iat} by 60 s. */
  public DocuSignJwtAssertion(Clock clock) {
    this(clock, Duration.ofSeconds(60));
  }

  /**
   * An assertion for {@code userId} at {@code profile}'s account server, scopes {@link #SCOPES}.
   */
  public Secret create(ProviderProfile profile, String userId, RSAPrivateKey key) {
    return create(profile.clientId(), userId, audience(profile), SCOPES, key);
  }

  /** An assertion with every claim given explicitly. */
  public Secret create(
      String integrationKey,
      String userId,
      String audience,
      List<String> scopes,
      RSAPrivateKey key) {
    Objects.requireNonNull(integrationKey, "integrationKey");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(key, "key");
    Instant iat = clock.instant().minus(backdate);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(integrationKey)
            .subject(userId)
            .audience(audience)
            .issueTime(Date.from(iat))
            .expirationTime(Date.from(iat.plus(LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", String.join(" ", scopes))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalArgumentException(
          "the RSA key cannot sign the DocuSign assertion: " + e.getMessage(), e);
    }
    return Secret.of(jwt.serialize());
  }

  /**
   * The {@code aud} DocuSign expects: the account server's host without scheme ({@code
   * account-d.docusign.com}), with {@code :port} only when the profile's issuer names one (the
   * emulator).
   */
  public static String audience(ProviderProfile profile) {
    URI issuer = URI.create(profile.issuer());
    if (issuer.getHost() == null) {
      throw new IllegalArgumentException(
          "the issuer of " + profile.id() + " has no host: " + profile.issuer());
    }
    return issuer.getPort() == -1 ? issuer.getHost() : issuer.getHost() + ":" + issuer.getPort();
  }
}
