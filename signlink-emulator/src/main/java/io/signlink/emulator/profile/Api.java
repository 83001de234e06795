package io.signlink.emulator.profile;

import java.util.List;
import java.util.Objects;

/**
 * A generic profile's API: the host it lives on, the authorization scheme its calls take ({@code
 * Bearer}, Zoho's {@code Zoho-oauthtoken}), its calls and its error answers.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param host a key of the profile's {@code hosts}
 * @param authScheme the scheme of the {@code Authorization} header (compared case-insensitively)
 * @param calls the operations served
 * @param unauthorized the answer to a missing, unknown, expired or revoked token
 * @param wrongRegion the answer to a valid token sent to another region's host, or {@code null} to
 *     answer {@code unauthorized}
 */
public record Api(
    String host,
    String authScheme,
    List<ApiCall> calls,
    ErrorAnswer unauthorized,
    ErrorAnswer wrongRegion) {

  public Api {
    Objects.requireNonNull(host, "host");
    authScheme = authScheme == null ? "Bearer" : authScheme;
    calls = calls == null ? List.of() : List.copyOf(calls);
    Objects.requireNonNull(unauthorized, "unauthorized");
  }
}
