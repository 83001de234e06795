package io.signlink.provider.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The claims of an ID token that passed {@link IdTokenVerifier} (OpenID Connect Core §2). Holds no
 * secret (the nonce is checked, not kept). Immutable.
 *
 * @param authorizedParty {@code azp}, may be {@code null} with a single audience
 * @param name may be {@code null}
 * @param email may be {@code null}
 */
public record IdTokenClaims(
    String issuer,
    String subject,
    List<String> audience,
    String authorizedParty,
    Instant issuedAt,
    Instant expiresAt,
    String name,
    String email) {

  public IdTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    audience = List.copyOf(audience);
  }
}
