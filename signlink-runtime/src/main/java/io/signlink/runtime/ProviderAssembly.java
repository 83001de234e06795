package io.signlink.runtime;

import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.boldsign.BoldSignAccountResolver;
import io.signlink.provider.boldsign.BoldSignProfiles;
import io.signlink.provider.boldsign.BoldSignRegion;
import io.signlink.provider.docusign.DocuSignAccountResolver;
import io.signlink.provider.docusign.DocuSignEnvironment;
import io.signlink.provider.docusign.DocuSignProfiles;
import io.signlink.provider.oidc.IdTokenVerifier;
import io.signlink.provider.oidc.OidcAccountResolver;
import io.signlink.provider.oidc.OidcDiscovery;
import io.signlink.provider.oidc.Userinfo;
import io.signlink.runtime.config.ProviderSettings;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the configured provider settings into the provider registry: each provider's profile, how
 * its accounts are found, and its ID-token verifier. Stateless.
 */
final class ProviderAssembly {
  private ProviderAssembly() {}

  static ProviderRegistry build(List<ProviderSettings> settings, HttpTransport http, Clock clock) {
    JsonFetcher fetcher = new JsonFetcher(http);
    List<Provider> providers = new ArrayList<>();
    for (ProviderSettings s : settings) {
      if (s instanceof ProviderSettings.BoldSign b) {
        providers.add(boldSign(b, http, clock, fetcher));
      } else if (s instanceof ProviderSettings.DocuSign d) {
        providers.add(docuSign(d, clock, fetcher));
      } else if (s instanceof ProviderSettings.Oidc o) {
        providers.add(oidc(o, http, clock, fetcher));
      }
    }
    return new ProviderRegistry(providers);
  }

  private static Provider boldSign(
      ProviderSettings.BoldSign s, HttpTransport http, Clock clock, JsonFetcher fetcher) {
    BoldSignRegion region = BoldSignRegion.valueOf(s.region().toUpperCase(Locale.ROOT));
    ProviderProfile.Builder b =
        s.accountUrl() == null && s.apiUrl() == null
            ? BoldSignProfiles.builder(region, s.clientId(), s.clientSecret())
            : BoldSignProfiles.at(
                s.accountUrl() == null ? region.accountBaseUri() : s.accountUrl(),
                s.apiUrl() == null ? region.apiBaseUri() : withApiPath(s.apiUrl()),
                s.clientId(),
                s.clientSecret());
    b.clientAuth(auth(s.clientSecret(), ClientAuthMethod.CLIENT_SECRET_POST));
    if (!s.scopes().isEmpty()) {
      b.scopes(s.scopes());
    }
    ProviderProfile profile = b.build();
    return new Provider(
        profile,
        new BoldSignAccountResolver(new Userinfo(fetcher)),
        IdTokenVerifier.create(profile, http, clock));
  }

  /** {@code SIGNLINK_BOLDSIGN_API_URL} may name the host or the {@code /v1} root; accept both. */
  private static URI withApiPath(URI api) {
    String s = api.toString().replaceAll("/+$", "");
    return URI.create(s.endsWith(BoldSignProfiles.API_PATH) ? s : s + BoldSignProfiles.API_PATH);
  }

  private static Provider docuSign(ProviderSettings.DocuSign s, Clock clock, JsonFetcher fetcher) {
    DocuSignEnvironment env =
        s.production() ? DocuSignEnvironment.PRODUCTION : DocuSignEnvironment.DEMO;
    ProviderProfile.Builder b =
        s.accountUrl() == null
            ? DocuSignProfiles.builder(env, s.clientId(), s.clientSecret(), true)
            : DocuSignProfiles.at(s.accountUrl(), s.clientId(), s.clientSecret(), true);
    b.clientAuth(auth(s.clientSecret(), ClientAuthMethod.CLIENT_SECRET_BASIC));
    if (!s.scopes().isEmpty()) {
      b.scopes(s.scopes());
    }
    return new Provider(b.build(), new DocuSignAccountResolver(fetcher, clock), null);
  }

  private static Provider oidc(
      ProviderSettings.Oidc s, HttpTransport http, Clock clock, JsonFetcher fetcher) {
    OidcDiscovery discovery;
    ProviderProfile profile;
    try {
      discovery = OidcDiscovery.create(s.issuer().toString(), http, clock);
      profile =
          discovery.profile(
              s.id(),
              s.clientId(),
              s.clientSecret(),
              s.clientAuth(),
              s.scopes(),
              s.offlineAccess());
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "SIGNLINK_OIDC_" + s.id().toUpperCase(Locale.ROOT).replace('-', '_') + "_ISSUER",
          "discovery at "
              + s.issuer()
              + "/.well-known/openid-configuration failed ("
              + e.getMessage()
              + "); check the issuer URL and that the provider is reachable");
    }
    return new Provider(
        profile,
        new OidcAccountResolver(new Userinfo(fetcher)),
        IdTokenVerifier.create(profile, http, clock));
  }

  private static ClientAuthMethod auth(Secret secret, ClientAuthMethod withSecret) {
    return secret == null ? ClientAuthMethod.NONE : withSecret;
  }
}
