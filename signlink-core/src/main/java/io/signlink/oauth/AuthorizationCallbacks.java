package io.signlink.oauth;

import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.AuthorizationFlowException.Reason;
import io.signlink.provider.ProviderProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an authorization response at the redirection endpoint (RFC 6749 §4.1.2) before anything is
 * sent to the token endpoint, in this order:
 *
 * <ol>
 *   <li>{@code state} present, then taken from the store, atomically and once: unknown or reused →
 *       refused (SECURITY.md §state, §pending-authorizations). Taking it first means an error
 *       response consumes the transaction too (SECURITY.md §authorization-errors).
 *   <li>not expired (SECURITY.md §pending-authorizations); begun for the provider whose callback
 *       path was hit (mix-up defence, SECURITY.md §issuer-check); from the browser that began it
 *       (SECURITY.md §state).
 *   <li>RFC 9207 §2.4 {@code iss}: when the provider announces support it must be present and
 *       equal, by simple string comparison, to the issuer stored at begin; when present it must
 *       always be equal (SECURITY.md §issuer-check). Checked before the error, so an error is
 *       attributed to the intended server only when {@code iss} allows it.
 *   <li>an {@code error} → {@link Reason#DENIED} or {@link Reason#PROVIDER_ERROR}; else a {@code
 *       code} must be present.
 * </ol>
 *
 * <p>Only {@code code} is taken from the front channel: {@code access_token}, {@code id_token} and
 * similar parameters are ignored (RFC 9700 §4.6, SECURITY.md §callback-page). Refusals are logged
 * as security events with the reason code only, never a parameter value (SECURITY.md §redaction,
 * §security-events).
 *
 * <p>Thread-safe (the store is).
 */
public final class AuthorizationCallbacks {
  private static final Logger log = LoggerFactory.getLogger(AuthorizationCallbacks.class);

  private final PendingAuthorizationStore store;
  private final Clock clock;

  public AuthorizationCallbacks(PendingAuthorizationStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Validates a callback for {@code profile} (the provider of the callback path).
   *
   * @param params the query (or form) parameters, form-decoded
   * @param browserBinding the hash of this browser's binding cookie, or {@code null}
   * @throws AuthorizationFlowException with the reason the callback was refused
   */
  public AuthorizedCallback accept(
      ProviderProfile profile, Map<String, String> params, String browserBinding) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(params, "params");
    String state = params.get("state");
    if (state == null || state.isEmpty()) {
      throw refused(profile, Reason.MISSING_STATE, null, null);
    }
    PendingAuthorization pending =
        store.take(state).orElseThrow(() -> refused(profile, Reason.UNKNOWN_STATE, null, null));
    if (pending.expiredAt(clock.instant())) {
      throw refused(profile, Reason.EXPIRED_STATE, null, null);
    }
    if (!pending.providerId().equals(profile.id())) {
      throw refused(profile, Reason.PROVIDER_MISMATCH, null, null);
    }
    if (pending.browserBinding() != null && !sameValue(pending.browserBinding(), browserBinding)) {
      throw refused(profile, Reason.BROWSER_MISMATCH, null, null);
    }
    checkIssuer(profile, pending, params.get("iss"));
    String error = params.get("error");
    if (error != null) {
      // RFC 6749 §4.1.2.1 codes are lower case, but Acrobat Sign sends them upper case
      // (ACCESS_DENIED): a user who declined there declined all the same.
      Reason reason =
          "access_denied".equalsIgnoreCase(error) ? Reason.DENIED : Reason.PROVIDER_ERROR;
      String description = params.get("error_description");
      String detail = description == null ? error : error + ": " + description;
      AuthorizationFlowException e =
          new AuthorizationFlowException(reason, detail, error, description);
      log.warn(
          "Authorization callback for provider {} refused: {} (provider error {})",
          profile.id(),
          reason.code(),
          printableCode(error));
      throw e;
    }
    Secret code = Secret.ofNullable(params.get("code"));
    if (code == null) {
      throw refused(profile, Reason.MISSING_CODE, null, null);
    }
    return new AuthorizedCallback(code, pending);
  }

  /** RFC 9207 §2.4, SECURITY.md §issuer-check. */
  private void checkIssuer(ProviderProfile profile, PendingAuthorization pending, String iss) {
    String expected = pending.issuer() != null ? pending.issuer() : profile.issuer();
    if (iss == null) {
      if (profile.issParameterSupported()) {
        throw refused(profile, Reason.ISSUER_MISMATCH, "the response carried no iss", null);
      }
      return;
    }
    if (!iss.equals(expected)) {
      throw refused(profile, Reason.ISSUER_MISMATCH, "iss differs from the expected issuer", null);
    }
  }

  /** An OAuth error code as logged: its registered charset (RFC 6749 §4.1.2.1), else a marker. */
  private static String printableCode(String error) {
    return error.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}")
        ? error.replace(' ', '_')
        : "unrecognised";
  }

  private static boolean sameValue(String expected, String actual) {
    return actual != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  private static AuthorizationFlowException refused(
      ProviderProfile profile, Reason reason, String detail, String providerError) {
    AuthorizationFlowException e = new AuthorizationFlowException(reason, detail, providerError);
    log.warn("Authorization callback for provider {} refused: {}", profile.id(), reason.code());
    return e;
  }
}
