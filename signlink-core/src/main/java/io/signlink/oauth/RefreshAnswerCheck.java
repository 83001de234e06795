package io.signlink.oauth;

import java.util.Arrays;

/**
 * Every check SignLink makes on a refresh answer (the token response to a refresh-token grant and
 * the ID token in it), with what its failure means. The one home of that decision; the table in
 * docs/REFRESH-ANSWERS.md mirrors it.
 *
 * <p>Whatever the check, a refresh token the answer carries is stored first (SECURITY.md
 * §rotation): a provider that rotates strictly has already retired the one SignLink sent, so
 * throwing the answer away would cost the grant. Then:
 *
 * <ul>
 *   <li>{@link Consequence#DISCARD_ACCESS_TOKEN} — "don't use this access token": the answer cannot
 *       be trusted or used, but nothing says the grant is in other hands (a key rotation not yet
 *       followed, a clock problem, a malformed member). No token of the answer except the refresh
 *       token is kept, the connection stays active with the check as its status reason, the caller
 *       gets the error and the next attempt refreshes with the new refresh token.
 *   <li>{@link Consequence#REVOKE_GRANT} — "the grant is compromised": the answer speaks for
 *       another user or another client than the one that consented (OIDC Core §12.2). The refresh
 *       token is revoked at the provider (RFC 7009, when it has an endpoint), the connection is
 *       marked {@code REAUTH_REQUIRED} with the check as its reason, and the user must consent
 *       again.
 * </ul>
 *
 * <p>Immutable.
 */
public enum RefreshAnswerCheck {
  // The token response (RFC 6749 §5.1), SECURITY.md §token-response.
  /** No {@code access_token}. */
  ACCESS_TOKEN_MISSING("access_token_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** {@code token_type} absent or not {@code Bearer}: a token SignLink cannot use. */
  TOKEN_TYPE("token_type", Consequence.DISCARD_ACCESS_TOKEN),
  /** {@code expires_in} not a positive number. */
  EXPIRES_IN("expires_in", Consequence.DISCARD_ACCESS_TOKEN),
  /** A member of the wrong JSON type ({@code scope}, {@code id_token} …). */
  MEMBER_TYPE("member_type", Consequence.DISCARD_ACCESS_TOKEN),
  /** The answer grants a scope the user never consented to (RFC 6749 §6; SECURITY.md §scopes). */
  SCOPE_WIDENED("scope_widened", Consequence.DISCARD_ACCESS_TOKEN),

  // The ID token's form and signature, SECURITY.md §id-token, §jwks-rotation.
  /** Not a JWT. */
  MALFORMED("malformed", Consequence.DISCARD_ACCESS_TOKEN),
  /** {@code alg: none}. */
  UNSIGNED("unsigned", Consequence.DISCARD_ACCESS_TOKEN),
  /** A JWE, which SignLink does not decrypt. */
  ENCRYPTED("encrypted", Consequence.DISCARD_ACCESS_TOKEN),
  /** An algorithm outside the policy. */
  ALGORITHM("algorithm", Consequence.DISCARD_ACCESS_TOKEN),
  /** No {@code kid} and several keys fit. */
  AMBIGUOUS_KEY("ambiguous_key", Consequence.DISCARD_ACCESS_TOKEN),
  /** A {@code kid} not in the JWKS even after the refetch: usually a rotation still in flight. */
  UNKNOWN_KID("unknown_kid", Consequence.DISCARD_ACCESS_TOKEN),
  /** The signature does not verify with the named key. */
  SIGNATURE("signature", Consequence.DISCARD_ACCESS_TOKEN),
  /** The JWKS could not be fetched to verify a new key (a provider outage). */
  JWKS_UNAVAILABLE("jwks_unavailable", Consequence.DISCARD_ACCESS_TOKEN),

  // The ID token's claims, SECURITY.md §id-token, §refreshed-id-token.
  ISS_MISSING("iss_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /**
   * {@code iss} is not the configured issuer; most often a provider moved host, which an operator
   * fixes in the configuration, so the grant is kept.
   */
  ISS("iss", Consequence.DISCARD_ACCESS_TOKEN),
  /** {@code iss} differs from the original ID token's; like {@link #ISS}. */
  ISS_CHANGED("iss_changed", Consequence.DISCARD_ACCESS_TOKEN),
  SUB_MISSING("sub_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** The answer is about another user than the one who consented. */
  SUB_CHANGED("sub_changed", Consequence.REVOKE_GRANT),
  AUD_MISSING("aud_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** {@code aud} does not name this client: the grant answers for another client. */
  AUD("aud", Consequence.REVOKE_GRANT),
  /** {@code aud} names a party this client does not trust. */
  AUD_UNTRUSTED("aud_untrusted", Consequence.REVOKE_GRANT),
  /** {@code aud} differs from the original ID token's. */
  AUD_CHANGED("aud_changed", Consequence.REVOKE_GRANT),
  AZP_MISSING("azp_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** {@code azp} is another client. */
  AZP("azp", Consequence.REVOKE_GRANT),
  /** {@code azp} differs from the original ID token's. */
  AZP_CHANGED("azp_changed", Consequence.REVOKE_GRANT),
  EXP_MISSING("exp_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** Expired beyond the leeway: a stale answer, or this machine's clock is wrong. */
  EXPIRED("expired", Consequence.DISCARD_ACCESS_TOKEN),
  IAT_MISSING("iat_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** Issued in the future beyond the leeway: a clock problem. */
  IAT_FUTURE("iat_future", Consequence.DISCARD_ACCESS_TOKEN),
  /** A {@code nonce} the original ID token did not carry (OIDC Core §12.2). */
  NONCE("nonce", Consequence.DISCARD_ACCESS_TOKEN),
  NONCE_MISSING("nonce_missing", Consequence.DISCARD_ACCESS_TOKEN),
  /** A registered claim SignLink reads has the wrong type ({@code azp}). */
  CLAIM_TYPE("claim_type", Consequence.DISCARD_ACCESS_TOKEN),
  /** An optional claim has the wrong type ({@code auth_time}, {@code name}, {@code email}). */
  MALFORMED_CLAIM("malformed_claim", Consequence.DISCARD_ACCESS_TOKEN),
  /** A failure no other entry names; treated conservatively. */
  OTHER("other", Consequence.DISCARD_ACCESS_TOKEN);

  /** What a failed check costs. */
  public enum Consequence {
    /** Keep the new refresh token, use nothing else from the answer, stay active. */
    DISCARD_ACCESS_TOKEN,
    /** Keep the new refresh token only to revoke it; the user must consent again. */
    REVOKE_GRANT
  }

  private final String code;
  private final Consequence consequence;

  RefreshAnswerCheck(String code, Consequence consequence) {
    this.code = code;
    this.consequence = consequence;
  }

  /** The stable name, as in {@link io.signlink.error.InvalidResponseException#check()}. */
  public String code() {
    return code;
  }

  public Consequence consequence() {
    return consequence;
  }

  /** The entry for a check name; {@link #OTHER} for {@code null} or an unknown name. */
  public static RefreshAnswerCheck of(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst().orElse(OTHER);
  }
}
