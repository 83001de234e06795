package io.signlink.provider.docusign;

import io.signlink.error.ProviderRejectedException;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * DocuSign's one-time consent for the JWT grant. Until the user (or an organisation admin) has
 * consented to {@code signature impersonation}, the JWT grant answers {@code consent_required}
 * (docs/PROVIDERS.md "JWT consent"); SignLink turns that into a {@link ProviderRejectedException}
 * that carries the consent URL to show, instead of a bare error.
 *
 * <p>Stateless and thread-safe.
 */
public final class DocuSignConsent {
  private DocuSignConsent() {}

  /**
   * {@code {authorization endpoint}?response_type=code&scope=signature%20impersonation
   * &client_id=…&redirect_uri=…}.
   */
  public static URI url(ProviderProfile profile, URI redirectUri, List<String> scopes) {
    String query =
        "response_type=code"
            + "&scope="
            + encode(String.join(" ", scopes))
            + "&client_id="
            + encode(profile.clientId())
            + "&redirect_uri="
            + encode(redirectUri.toString());
    return URI.create(profile.authorizationEndpoint() + "?" + query);
  }

  /**
   * When {@code e} is {@code consent_required}, a copy that carries the consent URL and says what
   * to do; any other error is returned unchanged.
   */
  public static ProviderRejectedException withConsentUrl(
      ProviderRejectedException e, ProviderProfile profile, URI redirectUri) {
    if (!"consent_required".equals(e.oauthError()) || e.consentUrl().isPresent()) {
      return e;
    }
    URI consent = url(profile, redirectUri, DocuSignJwtAssertion.SCOPES);
    return new ProviderRejectedException(
        e.providerId(),
        e.oauthError(),
        e.description(),
        e.httpStatus(),
        consent.toString(),
        "The user has not consented to this integration acting on their behalf; have them (or an"
            + " organisation admin) open "
            + consent
            + " once, then retry");
  }

  /** Runs a JWT grant and rethrows {@code consent_required} with the consent URL attached. */
  public static <T> T mapConsentRequired(
      Supplier<T> jwtGrant, ProviderProfile profile, URI redirectUri) {
    try {
      return jwtGrant.get();
    } catch (ProviderRejectedException e) {
      throw withConsentUrl(e, profile, redirectUri);
    }
  }

  private static String encode(String value) {
    // Form encoding writes a space as '+'; DocuSign's documented URL uses %20.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
