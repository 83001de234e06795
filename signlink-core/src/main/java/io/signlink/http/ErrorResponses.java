package io.signlink.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a non-2xx {@link HttpResult} from a provider's back channel into the one {@link
 * SignLinkException} a caller can act on, so no status code is interpreted in two places:
 *
 * <ul>
 *   <li>5xx → {@link TransientException} {@code SERVER_ERROR} (with {@code Retry-After} when sent;
 *       SECURITY.md §provider-faults); 429 → {@code RATE_LIMITED}; 408 → {@code TIMEOUT};
 *   <li>4xx with an OAuth error object (RFC 6749 §5.2) → {@link ProviderRejectedException} with
 *       advice on what to do (SECURITY.md §token-response);
 *   <li>3xx (never followed, SECURITY.md §transport), and 4xx whose body is HTML, empty or not an
 *       OAuth error → {@link InvalidResponseException} {@code UNEXPECTED_STATUS}.
 * </ul>
 *
 * <p>The raw body never reaches a message (SECURITY.md §token-response); the provider's {@code
 * error_description} is stripped of control characters by the exception. Stateless and thread-safe.
 */
public final class ErrorResponses {
  /** RFC 6749 §5.2: error codes use %x20-21 / %x23-5B / %x5D-7E; we also bound the length. */
  private static final java.util.regex.Pattern ERROR_CODE =
      java.util.regex.Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

  private ErrorResponses() {}

  /**
   * Classifies a failed response.
   *
   * @param providerId named in the message
   * @param what what was asked, e.g. "token request", "revocation", named in the message
   * @throws IllegalArgumentException when {@code result} is a success
   */
  public static SignLinkException classify(
      String providerId, String what, HttpResult result, Clock clock) {
    return classify(providerId, what, result, clock, UnaryOperator.identity());
  }

  /**
   * As above, reading the provider's OAuth error codes through {@code standardCode} (its names for
   * RFC 6749 §5.2 codes, {@link io.signlink.provider.ProtocolQuirks#standardErrorCode}).
   */
  public static SignLinkException classify(
      String providerId,
      String what,
      HttpResult result,
      Clock clock,
      UnaryOperator<String> standardCode) {
    int status = result.status();
    if (result.isSuccess()) {
      throw new IllegalArgumentException("status " + status + " is a success");
    }
    Duration retryAfter = RetryAfter.of(result, clock).orElse(null);
    if (status == 429) {
      return new TransientException(
          TransientException.Kind.RATE_LIMITED,
          providerId
              + " rate-limited the "
              + what
              + " (429); retry later"
              + (retryAfter == null ? "" : ", after " + retryAfter.toSeconds() + " s"),
          retryAfter,
          false,
          null);
    }
    if (status >= 500) {
      return new TransientException(
          TransientException.Kind.SERVER_ERROR,
          providerId
              + " failed to answer the "
              + what
              + " ("
              + status
              + "); retry later"
              + (retryAfter == null ? "" : ", after " + retryAfter.toSeconds() + " s"),
          retryAfter,
          false,
          null);
    }
    if (status == 408) {
      return new TransientException(
          TransientException.Kind.TIMEOUT,
          providerId + " timed out reading the " + what + " (408); retry later",
          retryAfter,
          false,
          null);
    }
    if (status >= 400) {
      Optional<OAuthError> error = oauthError(result);
      if (error.isPresent()) {
        OAuthError e = error.get();
        String code = standardCode.apply(e.code());
        return new ProviderRejectedException(
            providerId, code, e.description(), status, null, advice(code));
      }
      return new InvalidResponseException(
          InvalidResponseException.Kind.UNEXPECTED_STATUS,
          providerId
              + " answered the "
              + what
              + " with "
              + status
              + " and "
              + bodyKind(result)
              + " instead of an OAuth error"
              + (status == 401
                  ? "; a 401 usually means the client id or secret was refused, check them"
                  : "; check the configured endpoint URL"));
    }
    if (status >= 300 && status < 400) {
      return new InvalidResponseException(
          InvalidResponseException.Kind.UNEXPECTED_STATUS,
          providerId
              + " answered the "
              + what
              + " with a redirect ("
              + status
              + "), which SignLink never follows; configure the endpoint's final URL");
    }
    return new InvalidResponseException(
        InvalidResponseException.Kind.UNEXPECTED_STATUS,
        providerId + " answered the " + what + " with status " + status);
  }

  /**
   * What to do about an OAuth error code (SECURITY.md §token-response, §dead-grant, §cooldown), for
   * messages and the console.
   */
  public static String advice(String oauthError) {
    return switch (oauthError == null ? "" : oauthError) {
      case "invalid_grant" ->
          "The grant is no longer valid (expired, revoked or already used): the user must reconnect";
      case "invalid_client", "unauthorized_client" ->
          "Check the client id/secret and the app's registration at the provider;"
              + " this affects every connection of this provider";
      case "invalid_scope" -> "Check the configured scopes against what the app may request";
      case "invalid_request", "unsupported_grant_type", "unsupported_response_type" ->
          "The provider did not accept SignLink's request; check the provider configuration"
              + " and report this if it persists";
      case "consent_required", "interaction_required", "login_required" ->
          "The user (or an administrator) must grant consent at the provider first";
      case "invalid_token" -> "The token was not accepted; refresh it and try again";
      case "access_denied" -> "Access was not granted at the provider";
      default -> "See the provider's description; retrying the same request will not help";
    };
  }

  /** The {@code error}/{@code error_description} pair of an RFC 6749 §5.2 body, if it is one. */
  public static Optional<OAuthError> oauthError(HttpResult result) {
    if (result.body().length == 0 || looksLikeHtml(result)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json = JSONObjectUtils.parse(result.bodyAsString());
      if (!(json.get("error") instanceof String code) || !ERROR_CODE.matcher(code).matches()) {
        return Optional.empty();
      }
      Object description = json.get("error_description");
      return Optional.of(new OAuthError(code, description instanceof String d ? d : null));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** An OAuth error code with its optional, unsanitised description. */
  public record OAuthError(String code, String description) {}

  private static boolean looksLikeHtml(HttpResult result) {
    String type = result.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("html")) {
      return true;
    }
    String start =
        new String(
                result.body(),
                0,
                Math.min(64, result.body().length),
                java.nio.charset.StandardCharsets.UTF_8)
            .stripLeading();
    return start.startsWith("<");
  }

  private static String bodyKind(HttpResult result) {
    if (result.body().length == 0) {
      return "an empty body";
    }
    return looksLikeHtml(result) ? "an HTML page" : "a body that is not an OAuth error";
  }
}
