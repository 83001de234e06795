package io.signlink.provider.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ScopePlacement;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The five e-signature providers added as definitions alone read as their documentation says
 * (docs/PROVIDERS.md): hosts, client authentication, PKCE, scope syntax, refresh and revocation
 * endpoints, idle limits and the API's auth scheme.
 */
class SignatureProviderDefinitionsTest {
  private static final ProviderDefinitions DEFINITIONS = ProviderDefinitions.builtIn();

  private static ProviderProfile profile(String id, String choice) {
    return DefinedProfiles.profile(
        DEFINITIONS.require(id),
        new ProviderClientSettings(
            id, null, "cid", Secret.of("s3cret"), choice, Map.of(), null, null, null));
  }

  @Test
  void everyNewProviderIsBuiltIn() {
    for (String id : List.of("acrobatsign", "dropboxsign", "signnow", "pandadoc", "zohosign")) {
      assertThat(DEFINITIONS.require(id).id()).isEqualTo(id);
    }
  }

  @Test
  void acrobatSignRefreshesAndRevokesAtTheUsersShardAndKeepsIdleGrantsAlive() {
    ProviderDefinition d = DEFINITIONS.require("acrobatsign");
    ProviderProfile p = profile("acrobatsign", null);

    assertThat(p.authorizationEndpoint())
        .isEqualTo(URI.create("https://secure.adobesign.com/public/oauth/v2"));
    assertThat(d.callbackParameters()).contains("api_access_point");
    assertThat(d.endpoints().token()).isEqualTo("{api_access_point}/oauth/v2/token");
    assertThat(d.endpoints().refresh()).isEqualTo("{api_access_point}/oauth/v2/refresh");
    assertThat(d.endpoints().revocation()).isEqualTo("{api_access_point}/oauth/v2/revoke");
    assertThat(p.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(p.pkce()).isFalse();
    assertThat(d.refresh().rotation()).isEqualTo(ProviderDefinition.Rotation.REUSED);
    assertThat(p.refreshTokenPolicy().idleLimit()).isEqualTo(Duration.ofDays(60));
  }

  @Test
  void dropboxSignTalksOAuthToTheAppHostAndTheApiToApiV3() {
    ProviderDefinition d = DEFINITIONS.require("dropboxsign");
    ProviderProfile p = profile("dropboxsign", null);

    assertThat(p.tokenEndpoint()).isEqualTo(URI.create("https://app.hellosign.com/oauth/token"));
    assertThat(p.refreshEndpoint())
        .isEqualTo(URI.create("https://app.hellosign.com/oauth/token?refresh"));
    assertThat(p.revocationEndpoint()).isNull();
    assertThat(p.apiBaseUri()).isEqualTo(URI.create("https://api.hellosign.com/v3"));
    assertThat(d.scopes().placement()).isEqualTo(ScopePlacement.NONE);
    assertThat(p.pkce()).isFalse();
  }

  @Test
  void signNowUsesBasicAuthAndKeepsItsEvaluationStackApart() {
    ProviderProfile prod = profile("signnow", null);
    ProviderProfile eval = profile("signnow", "eval");

    assertThat(prod.tokenEndpoint()).isEqualTo(URI.create("https://api.signnow.com/oauth2/token"));
    assertThat(eval.tokenEndpoint())
        .isEqualTo(URI.create("https://api-eval.signnow.com/oauth2/token"));
    assertThat(eval.authorizationEndpoint())
        .isEqualTo(URI.create("https://app-eval.signnow.com/authorize"));
    assertThat(prod.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
    assertThat(prod.revocationEndpoint()).isNull();
    assertThat(DEFINITIONS.require("signnow").scopes().placement()).isEqualTo(ScopePlacement.TOKEN);
    // its code exchange answers expires_in as an absolute time (SECURITY.md §epoch-expires-in)
    assertThat(prod.quirks().epochExpiresInAbove()).isEqualTo(1_000_000_000L);
    assertThat(prod.quirks().isEpochExpiresIn(1584793649L)).isTrue();
    assertThat(prod.quirks().isEpochExpiresIn(2592000L)).isFalse();
    assertThat(prod.defaultAccessTokenLifetime()).isEqualTo(java.time.Duration.ofHours(1));
  }

  @Test
  void pandaDocPostsItsCredentialsAndHasNoRevocation() {
    ProviderProfile p = profile("pandadoc", null);

    assertThat(p.tokenEndpoint())
        .isEqualTo(URI.create("https://api.pandadoc.com/oauth2/access_token"));
    assertThat(p.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(p.revocationEndpoint()).isNull();
    assertThat(p.scopes()).containsExactly("read");
  }

  @Test
  void zohoSignAsksForOfflineAccessWithCommaScopesAndItsOwnAuthScheme() {
    ProviderProfile us = profile("zohosign", null);
    ProviderProfile eu = profile("zohosign", "eu");

    assertThat(us.authorizationEndpoint())
        .isEqualTo(URI.create("https://accounts.zoho.com/oauth/v2/auth"));
    assertThat(eu.tokenEndpoint()).isEqualTo(URI.create("https://accounts.zoho.eu/oauth/v2/token"));
    assertThat(eu.apiBaseUri()).isEqualTo(URI.create("https://sign.zoho.eu"));
    assertThat(us.scopeSeparator()).isEqualTo(",");
    assertThat(us.authScheme()).isEqualTo("Zoho-oauthtoken");
    assertThat(us.extraAuthorizationParameters())
        .containsEntry("access_type", "offline")
        .containsEntry("prompt", "consent");
    assertThat(us.pkce()).isTrue();
    assertThat(DEFINITIONS.require("zohosign").callbackParameters()).contains("accounts-server");
  }

  /** Each provider's documented error example (docs/PROVIDERS.md, "Errors") → its code, message. */
  @Test
  void eachProvidersDocumentedErrorShapeIsReadByItsDefinition() throws Exception {
    Map<String, String[]> examples =
        Map.of(
            "signnow",
            new String[] {
              "{\"errors\":[{\"code\":\"1537\",\"message\":\"Invalid token\"}]}",
              "1537",
              "Invalid token"
            },
            "dropboxsign",
            new String[] {
              "{\"error\":{\"error_msg\":\"Unauthorized api key\",\"error_name\":\"unauthorized\"}}",
              "unauthorized",
              "Unauthorized api key"
            },
            "pandadoc",
            new String[] {
              "{\"type\":\"request_error\",\"detail\":\"Not found\"}", "request_error", "Not found"
            },
            "acrobatsign",
            new String[] {
              "{\"code\":\"INVALID_API_ACCESS_POINT\",\"message\":\"Wrong shard\"}",
              "INVALID_API_ACCESS_POINT",
              "Wrong shard"
            },
            "zohosign",
            new String[] {
              "{\"code\":9041,\"message\":\"Invalid Oauthtoken\",\"status\":\"failure\"}",
              "9041",
              "Invalid Oauthtoken"
            });
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (Map.Entry<String, String[]> e : examples.entrySet()) {
      io.signlink.provider.api.ApiError read =
          DefinitionHooks.builtIn()
              .apiErrors(DEFINITIONS.require(e.getKey()))
              .read(json.readTree(e.getValue()[0]))
              .orElseThrow(() -> new AssertionError(e.getKey() + ": nothing read"));
      assertThat(read.code()).as(e.getKey()).isEqualTo(e.getValue()[1]);
      assertThat(read.message()).as(e.getKey()).isEqualTo(e.getValue()[2]);
    }
  }

  /** Zoho's seven data centres (docs/PROVIDERS.md): accounts and Sign hosts under one domain. */
  @Test
  void zohoSignHasTheAccountsAndSignHostsOfEveryDataCentre() {
    Map<String, String> domains =
        Map.of(
            "us", "zoho.com",
            "eu", "zoho.eu",
            "in", "zoho.in",
            "au", "zoho.com.au",
            "jp", "zoho.jp",
            "ca", "zohocloud.ca",
            "sa", "zoho.sa");
    assertThat(DEFINITIONS.require("zohosign").hosts().choices().keySet())
        .containsExactlyInAnyOrderElementsOf(domains.keySet());
    domains.forEach(
        (region, domain) -> {
          ProviderProfile p = profile("zohosign", region);
          assertThat(p.authorizationEndpoint())
              .as(region)
              .isEqualTo(URI.create("https://accounts." + domain + "/oauth/v2/auth"));
          assertThat(p.revocationEndpoint())
              .as(region)
              .isEqualTo(URI.create("https://accounts." + domain + "/oauth/v2/token/revoke"));
          assertThat(p.apiBaseUri()).as(region).isEqualTo(URI.create("https://sign." + domain));
        });
  }
}
