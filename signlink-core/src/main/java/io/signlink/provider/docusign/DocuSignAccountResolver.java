package io.signlink.provider.docusign;

import io.signlink.connection.Account;
import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.AccountResolver;
import io.signlink.provider.HttpsPolicy;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.oidc.IdTokenClaims;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DocuSign user and every account they can act on, from {@code GET /oauth/userinfo} (bearer
 * header only, SECURITY.md §userinfo). Each account's {@code base_uri} must be an absolute https
 * URL (http only on loopback), because API calls go there with the token — a base path without a
 * scheme is DocuSign's best-known integration bug (docs/PROVIDERS.md "DocuSign base URI"). {@code
 * is_default} is accepted as the string {@code "true"} or a boolean (the SDKs disagree). A user
 * with no account cannot use the eSignature API and is refused with a clear message.
 *
 * <p>DocuSign limits userinfo calls per user and per integration key each hour, so answers are
 * cached per access token for {@code cacheTtl} (default five minutes).
 *
 * <p>Thread-safe.
 */
public final class DocuSignAccountResolver implements AccountResolver {
  private final JsonFetcher fetcher;
  private final UserinfoCache cache;

  public DocuSignAccountResolver(JsonFetcher fetcher, Clock clock, Duration cacheTtl) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.cache = new UserinfoCache(clock, cacheTtl, 1024);
  }

  public DocuSignAccountResolver(JsonFetcher fetcher, Clock clock) {
    this(fetcher, clock, Duration.ofMinutes(5));
  }

  @Override
  public ResolvedIdentity resolve(
      ProviderProfile profile, TokenSet tokens, IdTokenClaims idClaims) {
    if (profile.userinfoEndpoint() == null) {
      throw new IllegalArgumentException(
          "the DocuSign profile " + profile.id() + " needs /oauth/userinfo");
    }
    return cache.get(
        profile.userinfoEndpoint() + "\n" + tokens.accessToken().reveal(),
        () ->
            parse(
                profile.id(),
                fetcher.get(
                    profile.userinfoEndpoint(), tokens.accessToken(), profile.id(), "userinfo")));
  }

  static ResolvedIdentity parse(String providerId, Map<String, Object> json) {
    if (!(json.get("sub") instanceof String sub) || sub.isBlank()) {
      throw malformed(providerId + " userinfo has no sub");
    }
    if (!(json.get("accounts") instanceof List<?> list) || list.isEmpty()) {
      throw malformed(
          "the DocuSign user has no account, so there is nothing to connect; the user must"
              + " be added to a DocuSign account (or sign in as another user) and connect again");
    }
    List<Account> accounts = new ArrayList<>();
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> a)) {
        throw malformed(providerId + " userinfo lists an account that is not an object");
      }
      accounts.add(account(providerId, a));
    }
    return new ResolvedIdentity(sub, string(json.get("name")), string(json.get("email")), accounts);
  }

  private static Account account(String providerId, Map<?, ?> a) {
    String id = string(a.get("account_id"));
    if (id == null || id.isBlank()) {
      throw malformed(providerId + " userinfo lists an account without account_id");
    }
    String baseUri = string(a.get("base_uri"));
    URI uri;
    try {
      uri = baseUri == null ? null : URI.create(baseUri);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    String problem = HttpsPolicy.problem(uri).orElse(null);
    if (problem != null) {
      throw malformed(
          "the base_uri of DocuSign account "
              + id
              + " "
              + problem
              + "; API calls cannot be sent there (see docs/PROVIDERS.md, 'DocuSign base URI')");
    }
    return new Account(id, string(a.get("account_name")), baseUri, isDefault(a.get("is_default")));
  }

  private static boolean isDefault(Object value) {
    // The Java SDK maps is_default to a String, other clients to a boolean: accept both.
    return Boolean.TRUE.equals(value) || (value instanceof String s && s.equalsIgnoreCase("true"));
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  private static InvalidResponseException malformed(String message) {
    return new InvalidResponseException(InvalidResponseException.Kind.MALFORMED, message);
  }
}
