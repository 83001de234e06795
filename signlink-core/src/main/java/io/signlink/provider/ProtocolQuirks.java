package io.signlink.provider;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a provider's token and revocation endpoints depart from RFC 6749 and RFC 7009 in ways
 * SignLink must follow, stated by its definition ({@code token_request}, {@code revocation}, {@code
 * errors}) and honoured by {@link io.signlink.oauth.TokenClient}. Immutable.
 *
 * @param stateInCodeExchange the code exchange must repeat the authorization request's {@code
 *     state} (Dropbox Sign requires it)
 * @param revocationTokenInQuery the revocation endpoint reads the token from the query string, not
 *     the form body RFC 7009 §2.1 specifies (Zoho: {@code /oauth/v2/token/revoke?token=…};
 *     SECURITY.md §revocation-query)
 * @param oauthErrorCodes the provider's names for RFC 6749 §5.2 error codes, mapped to the standard
 *     ones (Zoho answers {@code invalid_code} where RFC 6749 says {@code invalid_grant}), so "is
 *     this grant dead?" is decided the same way for every provider
 */
public record ProtocolQuirks(
    boolean stateInCodeExchange,
    boolean revocationTokenInQuery,
    Map<String, String> oauthErrorCodes) {

  /** A provider that follows the RFCs. */
  public static final ProtocolQuirks NONE = new ProtocolQuirks(false, false, Map.of());

  public ProtocolQuirks {
    oauthErrorCodes = oauthErrorCodes == null ? Map.of() : Map.copyOf(oauthErrorCodes);
  }

  /** The RFC 6749 code for a code the provider answered with ({@code code} itself if unmapped). */
  public String standardErrorCode(String code) {
    Objects.requireNonNull(code, "code");
    String mapped = oauthErrorCodes.get(code);
    return mapped != null
        ? mapped
        : oauthErrorCodes.getOrDefault(code.toLowerCase(Locale.ROOT), code);
  }
}
