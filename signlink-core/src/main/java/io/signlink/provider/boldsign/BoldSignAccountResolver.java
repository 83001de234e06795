package io.signlink.provider.boldsign;

import io.signlink.oauth.TokenSet;
import io.signlink.provider.AccountResolver;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.oidc.IdTokenClaims;
import io.signlink.provider.oidc.OidcAccountResolver;
import io.signlink.provider.oidc.Userinfo;
import java.util.Objects;

/**
 * The BoldSign user and their one account. The subject comes from the ID token, confirmed by {@code
 * /connect/userinfo} (whose {@code sub} must match, SECURITY.md §userinfo). BoldSign has no account
 * list: the account is the user, {@code accountId = sub}, named by name or email, and its API host
 * is the profile's regional one ({@code https://api-eu.boldsign.com/v1} for an EU profile), marked
 * default.
 *
 * <p>Immutable and thread-safe.
 */
public final class BoldSignAccountResolver implements AccountResolver {
  private final OidcAccountResolver oidc;

  public BoldSignAccountResolver(Userinfo userinfo) {
    this.oidc = new OidcAccountResolver(Objects.requireNonNull(userinfo, "userinfo"));
  }

  @Override
  public ResolvedIdentity resolve(
      ProviderProfile profile, TokenSet tokens, IdTokenClaims idClaims) {
    if (profile.apiBaseUri() == null) {
      throw new IllegalArgumentException(
          "the BoldSign profile "
              + profile.id()
              + " needs an API base URI (its region's API host)");
    }
    return oidc.resolve(profile, tokens, idClaims);
  }
}
