package io.signlink.provider.oidc;

import io.signlink.connection.Account;
import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.AccountResolver;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ResolvedIdentity;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Identity of a generic OpenID Provider's user: the subject from the validated ID token, name and
 * email from userinfo when the provider has an endpoint (its {@code sub} must match SECURITY.md
 * §userinfo), else from the ID token. A generic provider has no accounts unless the profile names
 * an API base URI, in which case the user's one account is {@code (sub, apiBaseUri)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OidcAccountResolver implements AccountResolver {
  private final Userinfo userinfo;

  public OidcAccountResolver(Userinfo userinfo) {
    this.userinfo = Objects.requireNonNull(userinfo, "userinfo");
  }

  @Override
  public ResolvedIdentity resolve(
      ProviderProfile profile, TokenSet tokens, IdTokenClaims idClaims) {
    ResolvedIdentity person = identify(userinfo, profile, tokens, idClaims);
    if (profile.apiBaseUri() == null) {
      return person;
    }
    String label = person.name() != null ? person.name() : person.email();
    Account account = new Account(person.subject(), label, profile.apiBaseUri().toString(), true);
    return new ResolvedIdentity(person.subject(), person.name(), person.email(), List.of(account));
  }

  /** Subject, name and email from the ID token and (when there is an endpoint) userinfo. */
  private static ResolvedIdentity identify(
      Userinfo userinfo, ProviderProfile profile, TokenSet tokens, IdTokenClaims idClaims) {
    String subject = idClaims == null ? null : idClaims.subject();
    String name = idClaims == null ? null : idClaims.name();
    String email = idClaims == null ? null : idClaims.email();
    if (profile.userinfoEndpoint() != null) {
      Map<String, Object> claims = userinfo.fetchFor(profile, tokens.accessToken(), subject);
      subject = Userinfo.string(claims, "sub");
      name = firstNonNull(Userinfo.string(claims, "name"), name);
      email = firstNonNull(Userinfo.string(claims, "email"), email);
    }
    if (subject == null) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED,
          profile.id()
              + " gave neither an ID token nor a userinfo endpoint to identify the user;"
              + " configure a userinfo endpoint or the openid scope");
    }
    return new ResolvedIdentity(subject, name, email, List.of());
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
