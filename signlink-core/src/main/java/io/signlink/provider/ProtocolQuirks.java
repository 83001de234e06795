package io.signlink.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a provider's token and revocation endpoints depart from RFC 6749 and RFC 7009 in ways
 * SignLink must follow, stated by its definition ({@code protocol_quirks}, {@code token_response})
 * and honoured by {@link io.signlink.oauth.TokenClient}. Immutable.
 *
 * @param stateInCodeExchange the code exchange must repeat the authorization request's {@code
 *     state} (Dropbox Sign requires it)
 * @param revocationTokenInQuery the revocation endpoint reads the token from the query string, not
 *     the form body RFC 7009 §2.1 specifies (Zoho: {@code /oauth/v2/token/revoke?token=…};
 *     SECURITY.md §revocation-query)
 * @param oauthErrorCodes the provider's names for RFC 6749 §5.2 error codes, mapped to the standard
 *     ones (Zoho answers {@code invalid_code} where RFC 6749 says {@code invalid_grant}), so "is
 *     this grant dead?" is decided the same way for every provider
 * @param epochExpiresInAbove an {@code expires_in} above this many seconds is an absolute time in
 *     seconds since the epoch, not a lifetime (SignNow's code exchange answers {@code "expires_in":
 *     "1584793649"}); 0 = every {@code expires_in} is a lifetime, as RFC 6749 §5.1 says
 *     (SECURITY.md §epoch-expires-in)
 */
public record ProtocolQuirks(
    boolean stateInCodeExchange,
    boolean revocationTokenInQuery,
    Map<String, String> oauthErrorCodes,
    long epochExpiresInAbove) {

  /** A provider that follows the RFCs. */
  public static final ProtocolQuirks NONE = new ProtocolQuirks(false, false, Map.of(), 0);

  /**
   * The smallest {@link #epochExpiresInAbove} accepted: a year and a day, so no lifetime SignLink
   * would believe (at most 366 days) is ever read as a time.
   */
  public static final long MIN_EPOCH_EXPIRES_IN_ABOVE = Duration.ofDays(366).toSeconds();

  public ProtocolQuirks {
    oauthErrorCodes = oauthErrorCodes == null ? Map.of() : Map.copyOf(oauthErrorCodes);
    if (epochExpiresInAbove != 0 && epochExpiresInAbove < MIN_EPOCH_EXPIRES_IN_ABOVE) {
      throw new IllegalArgumentException(
          "epochExpiresInAbove must be 0 or at least "
              + MIN_EPOCH_EXPIRES_IN_ABOVE
              + " seconds (366 days), was "
              + epochExpiresInAbove);
    }
  }

  /** Without the epoch rule: every {@code expires_in} is a lifetime. */
  public ProtocolQuirks(
      boolean stateInCodeExchange,
      boolean revocationTokenInQuery,
      Map<String, String> oauthErrorCodes) {
    this(stateInCodeExchange, revocationTokenInQuery, oauthErrorCodes, 0);
  }

  /** The RFC 6749 code for a code the provider answered with ({@code code} itself if unmapped). */
  public String standardErrorCode(String code) {
    Objects.requireNonNull(code, "code");
    String mapped = oauthErrorCodes.get(code);
    return mapped != null
        ? mapped
        : oauthErrorCodes.getOrDefault(code.toLowerCase(Locale.ROOT), code);
  }

  /** True when {@code seconds}, as answered in {@code expires_in}, is an absolute time. */
  public boolean isEpochExpiresIn(long seconds) {
    return epochExpiresInAbove > 0 && seconds > epochExpiresInAbove;
  }

  /**
   * The lifetime left at {@code receivedAt} of a token that expires at epoch second {@code
   * epochSeconds}, or empty when that time is not in the future.
   */
  public static Optional<Duration> remaining(long epochSeconds, Instant receivedAt) {
    long left = epochSeconds - receivedAt.getEpochSecond();
    return left > 0 ? Optional.of(Duration.ofSeconds(left)) : Optional.empty();
  }
}
