package io.signlink.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * One PKCE pair (RFC 7636): a verifier of 32 random bytes, base64url without padding (43
 * characters, §4.1, SECURITY.md §pkce), and its {@code S256} challenge (§4.2). {@code S256} is the
 * only method SignLink knows: there is no {@code plain}, not even as an option, so nothing can
 * downgrade to it (§7.2, SECURITY.md §pkce). Immutable; {@code toString()} hides the verifier.
 *
 * @param verifier kept server-side in the pending authorization, sent only in the token request
 * @param challenge sent in the authorization URL
 */
public record Pkce(Secret verifier, String challenge) {
  /** The only challenge method SignLink sends. */
  public static final String METHOD = "S256";

  public Pkce {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(challenge, "challenge");
  }

  /** A fresh pair from {@code random}. */
  public static Pkce generate(SecureRandom random) {
    return of(new RandomValues(random).next());
  }

  /** The pair for an existing verifier, e.g. the RFC 7636 Appendix B vector. */
  public static Pkce of(Secret verifier) {
    return new Pkce(verifier, challengeOf(verifier));
  }

  /** {@code BASE64URL(SHA-256(ASCII(verifier)))}, computed by Nimbus. */
  public static String challengeOf(Secret verifier) {
    return CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier.reveal()))
        .getValue();
  }

  @Override
  public String toString() {
    return "Pkce[method=S256]";
  }
}
