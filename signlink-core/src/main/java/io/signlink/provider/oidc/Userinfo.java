package io.signlink.provider.oidc;

import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.Secret;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.ProviderProfile;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the UserInfo endpoint (OpenID Connect Core §5.3): a GET with the access token in the {@code
 * Authorization: Bearer} header, never in the query (RFC 6750 §2.1, SECURITY.md §userinfo), and the
 * answer's {@code sub} compared with the ID token's (Core §5.3.2, SECURITY.md §userinfo).
 *
 * <p>Immutable and thread-safe.
 */
public final class Userinfo {
  private final JsonFetcher fetcher;

  public Userinfo(JsonFetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /** The userinfo claims, with a string {@code sub} guaranteed. */
  public Map<String, Object> fetch(ProviderProfile profile, Secret accessToken) {
    if (profile.userinfoEndpoint() == null) {
      throw new IllegalStateException(profile.id() + " has no userinfo endpoint");
    }
    Map<String, Object> claims =
        fetcher.get(profile.userinfoEndpoint(), accessToken, profile.id(), "userinfo");
    if (!(claims.get("sub") instanceof String sub) || sub.isBlank()) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED,
          "the userinfo of " + profile.id() + " has no sub; the provider's answer cannot be used");
    }
    return claims;
  }

  /**
   * Fetches userinfo and requires its {@code sub} to equal {@code expectedSubject} (the ID
   * token's); a mismatch means the token substitution OIDC Core §5.3.2 warns about.
   */
  public Map<String, Object> fetchFor(
      ProviderProfile profile, Secret accessToken, String expectedSubject) {
    Map<String, Object> claims = fetch(profile, accessToken);
    if (expectedSubject != null && !expectedSubject.equals(claims.get("sub"))) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.SUBJECT_MISMATCH,
          "the userinfo of "
              + profile.id()
              + " names another user than the ID token (sub differs,"
              + " see docs/SECURITY.md §userinfo); the sign-in was refused, start it again");
    }
    return claims;
  }

  /** A string claim, or {@code null} when absent or not a string. */
  public static String string(Map<String, Object> claims, String name) {
    return claims.get(name) instanceof String s ? s : null;
  }
}
