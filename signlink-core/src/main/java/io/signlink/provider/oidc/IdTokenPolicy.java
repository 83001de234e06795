package io.signlink.provider.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How strictly ID tokens are checked. Immutable.
 *
 * @param algorithms accepted JWS algorithms; only asymmetric ones (RS256, ES256, PS256 and their
 *     larger variants) may be listed — {@code none} and HS* are never accepted (SECURITY.md
 *     §id-token)
 * @param leeway clock skew allowed on {@code exp} and {@code iat}; at most five minutes (RFC 7519
 *     §4.1.4, SECURITY.md §id-token)
 * @param trustedAudiences audiences besides the client id that may appear in {@code aud}; empty by
 *     default, so any extra audience is rejected (SECURITY.md §id-token)
 * @param minJwksRefetchInterval an unknown {@code kid} refetches the JWKS at most this often
 *     (SECURITY.md §jwks-rotation)
 * @param jwksMaxAge keys older than this are refetched before use; the old keys keep serving if the
 *     refetch fails (SECURITY.md §jwks-rotation)
 */
public record IdTokenPolicy(
    Set<JWSAlgorithm> algorithms,
    Duration leeway,
    Set<String> trustedAudiences,
    Duration minJwksRefetchInterval,
    Duration jwksMaxAge) {

  /** The most skew a verifier may allow. */
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

  private static final Set<JWSAlgorithm> ASYMMETRIC =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  public IdTokenPolicy {
    algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
    trustedAudiences = trustedAudiences == null ? Set.of() : Set.copyOf(trustedAudiences);
    Objects.requireNonNull(leeway, "leeway");
    Objects.requireNonNull(minJwksRefetchInterval, "minJwksRefetchInterval");
    Objects.requireNonNull(jwksMaxAge, "jwksMaxAge");
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one ID-token algorithm must be accepted");
    }
    for (JWSAlgorithm alg : algorithms) {
      if (!ASYMMETRIC.contains(alg)) {
        throw new IllegalArgumentException(
            "ID-token algorithm "
                + alg
                + " is not allowed; use RS256, PS256 or ES256 (see docs/SECURITY.md §id-token)");
      }
    }
    if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
      throw new IllegalArgumentException("leeway must be between 0 and 5 minutes, was " + leeway);
    }
    if (minJwksRefetchInterval.isNegative() || jwksMaxAge.isNegative()) {
      throw new IllegalArgumentException("JWKS intervals must not be negative");
    }
  }

  /** RS256/ES256/PS256, 60 s leeway, no extra audience, refetch ≤ 1 per 30 s, keys kept 1 h. */
  public static IdTokenPolicy defaults() {
    return new IdTokenPolicy(
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256),
        Duration.ofSeconds(60),
        Set.of(),
        Duration.ofSeconds(30),
        Duration.ofHours(1));
  }

  public IdTokenPolicy withLeeway(Duration newLeeway) {
    return new IdTokenPolicy(
        algorithms, newLeeway, trustedAudiences, minJwksRefetchInterval, jwksMaxAge);
  }

  public IdTokenPolicy withTrustedAudiences(Set<String> audiences) {
    return new IdTokenPolicy(algorithms, leeway, audiences, minJwksRefetchInterval, jwksMaxAge);
  }
}
