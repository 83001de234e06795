package io.signlink.provider.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Account;
import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.AccountResolver;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.oidc.IdTokenClaims;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the user of a provider without OpenID userinfo by its definition's identity call ({@code
 * identity.endpoint}, e.g. Acrobat Sign's {@code /api/rest/v6/users/me}): one GET with the new
 * access token in the provider's {@code Authorization} scheme, then the subject, name and email by
 * JSON pointer. The user's one account is {@code (subject, API base)}, marked default. An answer
 * without a subject is refused (it would make every user the same connection). Thread-safe.
 */
final class IdentityCall implements AccountResolver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderDefinition definition;
  private final JsonFetcher fetcher;

  IdentityCall(ProviderDefinition definition, JsonFetcher fetcher) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  @Override
  public ResolvedIdentity resolve(
      ProviderProfile profile, TokenSet tokens, IdTokenClaims idClaims) {
    ProviderDefinition.Identity identity = definition.identity();
    Map<String, String> vars = new HashMap<>();
    if (profile.apiBaseUri() != null) {
      vars.put("base_uri", profile.apiBaseUri().toString().replaceAll("/+$", ""));
    }
    URI uri = URI.create(Templates.expand(identity.endpoint(), vars));
    JsonNode answer =
        JSON.valueToTree(
            fetcher.get(
                uri,
                profile.authScheme(),
                tokens.accessToken(),
                profile.id(),
                definition.displayName() + " identity"));
    String subject = text(answer, identity.subject());
    if (subject == null || subject.isBlank()) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED,
          definition.displayName()
              + "'s identity answer has no "
              + identity.subject()
              + "; check identity.subject in the provider definition");
    }
    String name = text(answer, identity.name());
    String email = text(answer, identity.email());
    List<Account> accounts =
        profile.apiBaseUri() == null
            ? List.of()
            : List.of(
                new Account(
                    subject, name != null ? name : email, profile.apiBaseUri().toString(), true));
    return new ResolvedIdentity(subject, name, email, accounts);
  }

  private static String text(JsonNode json, String pointer) {
    if (pointer == null) {
      return null;
    }
    JsonNode n = json.at(pointer);
    return n.isMissingNode() || n.isNull() || n.isContainerNode() ? null : n.asText();
  }
}
