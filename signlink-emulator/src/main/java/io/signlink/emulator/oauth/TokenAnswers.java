package io.signlink.emulator.oauth;

import java.util.Arrays;
import java.util.List;

/**
 * Finishes a token answer in the provider's shape: scopes joined with its separator, and the extra
 * members its profile names ({@code token_fields}: Acrobat Sign's {@code api_access_point}, Zoho's
 * {@code api_domain}).
 *
 * <p>Thread-safe: stateless.
 */
final class TokenAnswers {

  private TokenAnswers() {}

  static IssuedTokens complete(AuthServer server, Grant grant, IssuedTokens tokens) {
    ProviderRules rules = server.rules();
    List<String> scopes =
        Arrays.stream(tokens.scope().split(" ")).filter(s -> !s.isEmpty()).toList();
    return new IssuedTokens(
        tokens.accessToken(),
        tokens.expiresIn(),
        rules.joinScopes(scopes),
        tokens.refreshToken(),
        tokens.idToken(),
        rules.tokenFields(grant));
  }
}
