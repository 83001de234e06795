package io.signlink.provider.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.RetryAfter;
import io.signlink.oauth.Secret;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a provider API answer to JSON or to one {@code io.signlink.error} type (SECURITY.md
 * §token-response, §errors, SECURITY.md §provider-faults, §token-response). Provider text is
 * sanitised by the exceptions; a provider code is kept only when it is a plain identifier, so it is
 * safe in API bodies and metric tags. Stateless and thread-safe.
 */
final class ApiResponses {
  private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  private static final Pattern BEARER_PARAM =
      Pattern.compile("(error|error_description)\\s*=\\s*\"([^\"]*)\"");

  private final String provider;
  private final ApiErrorReader reader;
  private final Clock clock;

  ApiResponses(String provider, ApiErrorReader reader, Clock clock) {
    this.provider = provider;
    this.reader = reader.orElse(ApiErrorReader.oauth());
    this.clock = clock;
  }

  JsonNode json(HttpResult result, Secret token) {
    if (result.isSuccess()) {
      return ApiJson.parse(result.body(), provider + "'s API response");
    }
    throw error(result, token);
  }

  SignLinkException error(HttpResult result, Secret token) {
    int status = result.status();
    if (status == 429) {
      return new TransientException(
          TransientException.Kind.RATE_LIMITED,
          provider + " is rate limiting this account (HTTP 429): retry after the given delay",
          RetryAfter.of(result, clock).orElse(null),
          false,
          null);
    }
    if (status >= 500) {
      return new TransientException(
          TransientException.Kind.SERVER_ERROR,
          provider + "'s API is unavailable (HTTP " + status + "): retry later",
          RetryAfter.of(result, clock).orElse(null),
          false,
          null);
    }
    if (status == 403) {
      return rejected(
          result,
          token,
          "forbidden",
          "The token is valid but may not do this: check the connection's account and scopes");
    }
    if (status >= 400) {
      return rejected(
          result, token, status == 404 ? "not_found" : "bad_request", "Check the request");
    }
    return new InvalidResponseException(
        InvalidResponseException.Kind.UNEXPECTED_STATUS,
        provider + "'s API answered with HTTP " + status + ", which SignLink does not follow");
  }

  /** A 401 that one refresh did not cure (or that no refresh could address). */
  ProviderRejectedException unauthorized(HttpResult result, Secret token, boolean afterRefresh) {
    return rejected(
        result,
        token,
        "invalid_token",
        afterRefresh
            ? "The token was refused even right after a refresh: reconnect the account"
            : "The token was refused and no newer one is available: reconnect or supply a new"
                + " token");
  }

  private ProviderRejectedException rejected(
      HttpResult result, Secret token, String fallbackCode, String whatToDo) {
    ApiError error = providerError(result).orElse(new ApiError(null, null));
    String code =
        error.code() != null && SAFE_CODE.matcher(error.code()).matches()
            ? error.code()
            : fallbackCode;
    return new ProviderRejectedException(
        provider, code, scrub(error.message(), token), result.status(), null, whatToDo);
  }

  /**
   * The error from the body, else from {@code WWW-Authenticate} (RFC 6750 §3). BoldSign's 401 has
   * an empty body and a malformed error body must not hide the status, so parse failures are
   * ignored here.
   */
  private Optional<ApiError> providerError(HttpResult result) {
    if (result.body().length > 0) {
      try {
        Optional<ApiError> fromBody = reader.read(ApiJson.parse(result.body(), "error body"));
        if (fromBody.isPresent()) {
          return fromBody;
        }
      } catch (InvalidResponseException e) {
        // Not JSON (an HTML error page): fall through to the header.
      }
    }
    return result.header("WWW-Authenticate").flatMap(ApiResponses::bearerChallenge);
  }

  private static Optional<ApiError> bearerChallenge(String header) {
    String code = null;
    String description = null;
    Matcher m = BEARER_PARAM.matcher(header);
    while (m.find()) {
      if (m.group(1).equals("error")) {
        code = m.group(2);
      } else {
        description = m.group(2);
      }
    }
    return code == null && description == null
        ? Optional.empty()
        : Optional.of(new ApiError(code, description));
  }

  /**
   * A provider that echoes the token back must not make it appear in our message (SECURITY.md
   * §redaction).
   */
  private static String scrub(String message, Secret token) {
    // Short values (test stubs) would redact ordinary words; real tokens are far longer.
    if (message == null || token == null || token.length() < 8) {
      return message;
    }
    return message.replace(token.reveal(), "[redacted]");
  }
}
