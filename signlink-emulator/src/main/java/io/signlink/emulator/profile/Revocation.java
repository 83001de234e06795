package io.signlink.emulator.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A revocation endpoint. RFC 7009 ({@code rfc7009}): client authentication, the token in the form
 * body, 200 for any token. Providers that differ say so: the token in the query string (Zoho), no
 * client authentication (Acrobat Sign, Zoho: the token alone is the credential), a body on success,
 * and an error for an unknown token.
 *
 * <p>Thread-safe: an immutable record (the JSON bodies are not modified after loading).
 *
 * @param endpoint where it lives
 * @param tokenIn {@code form} or {@code query}
 * @param clientAuth whether the client must authenticate as at the token endpoint
 * @param successBody the JSON body of a success, or {@code null} for an empty 200
 * @param unknownToken the answer for an unknown token, or {@code null} for RFC 7009's 200
 */
public record Revocation(
    Endpoint endpoint,
    String tokenIn,
    boolean clientAuth,
    JsonNode successBody,
    ErrorAnswer unknownToken) {

  public Revocation {
    Objects.requireNonNull(endpoint, "endpoint");
    tokenIn = tokenIn == null ? "form" : tokenIn;
    if (!tokenIn.equals("form") && !tokenIn.equals("query")) {
      throw new IllegalArgumentException("token_in is form or query, was '" + tokenIn + "'");
    }
  }
}
