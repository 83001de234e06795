package io.signlink.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.ProviderDefinitions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignLinkConfigTest {
  @TempDir Path dir;

  private Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("SIGNLINK_DATA_DIR", dir.toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void failsNaming(Map<String, String> env, String variable, String hint) {
    assertThatThrownBy(() -> SignLinkConfig.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo(variable))
        .hasMessageContaining(variable)
        .hasMessageContaining(hint);
  }

  @Test
  void theGlobalWebhookReceivesTheEventsItNamesOrAllButRefreshed() {
    Map<String, String> base =
        env(
            "SIGNLINK_WEBHOOK_URLS",
            "https://hooks.example.com/x",
            "SIGNLINK_WEBHOOK_SECRET",
            "0123456789abcdef0");
    WebhookSettings defaults = SignLinkConfig.fromEnvironment(base).webhooks();
    assertThat(defaults.events()).isEmpty();
    java.util.Map<String, String> chosen = new java.util.HashMap<>(base);
    chosen.put("SIGNLINK_WEBHOOK_EVENTS", "connection.refreshed, connection.recovered");
    assertThat(SignLinkConfig.fromEnvironment(chosen).webhooks().events())
        .containsExactlyInAnyOrder("connection.refreshed", "connection.recovered");
  }

  @Test
  void defaultsToLoopbackSqliteAndDerivedRedirectUris() {
    SignLinkConfig c = SignLinkConfig.fromEnvironment(env("SIGNLINK_PORT", "9090"));
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("signlink.db"));
    assertThat(c.redirectUri("boldsign").toString())
        .isEqualTo("http://127.0.0.1:9090/callback/boldsign");
  }

  @Test
  void theDefaultDataFolderFollowsHomeAndXdgDataHome() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    assertThat(SignLinkConfig.fromEnvironment(Map.of("HOME", home.toString())).dataDir())
        .isEqualTo(home.resolve(".signlink"));

    Path xdg = dir.resolve("xdg");
    Map<String, String> withXdg = Map.of("HOME", home.toString(), "XDG_DATA_HOME", xdg.toString());
    assertThat(SignLinkConfig.fromEnvironment(withXdg).dataDir())
        .isEqualTo(xdg.resolve("signlink"));

    Files.createDirectories(home.resolve(".signlink")); // an earlier release's folder stays in use
    assertThat(SignLinkConfig.fromEnvironment(withXdg).dataDir())
        .isEqualTo(home.resolve(".signlink"));
  }

  @Test
  void unknownSettingsAreReportedWithTheNearestKnownName() {
    try (io.signlink.testing.LogCapture log = io.signlink.testing.LogCapture.start()) {
      SignLinkConfig.fromEnvironment(
          env("SIGNLINK_PROT", "9090", "SIGNLINK_WIDGETS", "3", "SIGNLINK_LOG_LEVEL", "info"));

      assertThat(log.text())
          .contains("Unknown setting SIGNLINK_PROT (did you mean SIGNLINK_PORT?) is ignored")
          .contains("Unknown setting SIGNLINK_WIDGETS is ignored")
          .doesNotContain("SIGNLINK_LOG_LEVEL")
          .doesNotContain("SIGNLINK_DATA_DIR");
    }
  }

  @Test
  void refusesPlainHttpPublicUrlOffLoopback() { // SECURITY.md §web-headers
    failsNaming(
        env("SIGNLINK_PUBLIC_URL", "http://signlink.example.com"), "SIGNLINK_PUBLIC_URL", "https");
    assertThat(
            SignLinkConfig.fromEnvironment(
                    env("SIGNLINK_PUBLIC_URL", "https://signlink.example.com/"))
                .redirectUri("docusign")
                .toString())
        .isEqualTo("https://signlink.example.com/callback/docusign");
  }

  @Test
  void readsAndValidatesTheRefreshMarginAndFraction() { // SECURITY.md §freshness
    SignLinkConfig defaults = SignLinkConfig.fromEnvironment(env());
    assertThat(defaults.refresh().margin()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(defaults.refresh().fraction()).isEqualTo(0.25);
    SignLinkConfig set =
        SignLinkConfig.fromEnvironment(
            env("SIGNLINK_REFRESH_MARGIN", "PT2M", "SIGNLINK_REFRESH_FRACTION", "0.3"));
    assertThat(set.refresh().margin()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(set.refresh().fraction()).isEqualTo(0.3);
    assertThat(
            SignLinkConfig.fromEnvironment(env("SIGNLINK_REFRESH_MARGIN", "90")).refresh().margin())
        .isEqualTo(java.time.Duration.ofSeconds(90));
    failsNaming(env("SIGNLINK_REFRESH_MARGIN", "soon"), "SIGNLINK_REFRESH_MARGIN", "PT5M");
    failsNaming(env("SIGNLINK_REFRESH_MARGIN", "0"), "SIGNLINK_REFRESH_MARGIN", "1 second");
    failsNaming(env("SIGNLINK_REFRESH_FRACTION", "0.9"), "SIGNLINK_REFRESH_FRACTION", "0.25");
    failsNaming(env("SIGNLINK_REFRESH_FRACTION", "a lot"), "SIGNLINK_REFRESH_FRACTION", "0.25");
  }

  @Test
  void namesTheBadVariable() {
    failsNaming(env("SIGNLINK_PORT", "eighty"), "SIGNLINK_PORT", "8080");
    failsNaming(env("SIGNLINK_BIND", "0.0.0.0"), "SIGNLINK_PUBLIC_URL", "https://");
    failsNaming(env("SIGNLINK_DB_URL", "mysql://x"), "SIGNLINK_DB_URL", "jdbc:sqlite:");
    failsNaming(
        env("SIGNLINK_BOLDSIGN_CLIENT_SECRET", "s"), "SIGNLINK_BOLDSIGN_CLIENT_ID", "client id");
    failsNaming(
        env("SIGNLINK_BOLDSIGN_CLIENT_ID", "c", "SIGNLINK_BOLDSIGN_REGION", "mars"),
        "SIGNLINK_BOLDSIGN_REGION",
        "us, eu, ca, au");
    failsNaming(
        env("SIGNLINK_DOCUSIGN_CLIENT_ID", "c", "SIGNLINK_DOCUSIGN_ENVIRONMENT", "staging"),
        "SIGNLINK_DOCUSIGN_ENVIRONMENT",
        "demo or production");
    failsNaming(
        env("SIGNLINK_OIDC_KEYCLOAK_ISSUER", "https://kc.example.com"),
        "SIGNLINK_OIDC_KEYCLOAK_CLIENT_ID",
        "e.g.");
    failsNaming(
        env("SIGNLINK_WEBHOOK_URLS", "https://hooks.example.com/x"),
        "SIGNLINK_WEBHOOK_SECRET",
        "required");
    failsNaming(
        env(
            "SIGNLINK_WEBHOOK_URLS",
            "http://hooks.example.com/x",
            "SIGNLINK_WEBHOOK_SECRET",
            "0123456789abcdef0"),
        "SIGNLINK_WEBHOOK_URLS",
        "https");
    failsNaming(
        env(
            "SIGNLINK_WEBHOOK_URLS",
            "https://hooks.example.com/x",
            "SIGNLINK_WEBHOOK_SECRET",
            "0123456789abcdef0",
            "SIGNLINK_WEBHOOK_EVENTS",
            "connection.created,connection.exploded"),
        "SIGNLINK_WEBHOOK_EVENTS",
        "connection.recovered");
    failsNaming(env("SIGNLINK_ADMIN_KEY", "short"), "SIGNLINK_ADMIN_KEY", "sk_");
    failsNaming(
        env(
            "SIGNLINK_DEV_MODE",
            "true",
            "SIGNLINK_BIND",
            "0.0.0.0",
            "SIGNLINK_PUBLIC_URL",
            "https://x.example.com"),
        "SIGNLINK_DEV_MODE",
        "loopback");
    failsNaming(env("SIGNLINK_DEV_MODE", "maybe"), "SIGNLINK_DEV_MODE", "true or false");
    failsNaming(
        env("SIGNLINK_KEYSET", "{}", "SIGNLINK_KEYSET_FILE", "/k.json"),
        "SIGNLINK_KEYSET",
        "not both");
  }

  @Test
  void environmentOverridesTheConfigFile() throws Exception {
    Path file = dir.resolve("signlink.properties");
    Files.writeString(
        file,
        "SIGNLINK_PORT=7000\nSIGNLINK_DOCUSIGN_CLIENT_ID=from-file\n"
            + "SIGNLINK_DOCUSIGN_CLIENT_SECRET=file-secret\n");
    SignLinkConfig c =
        SignLinkConfig.fromEnvironment(
            env("SIGNLINK_CONFIG", file.toString(), "SIGNLINK_PORT", "7001"));
    assertThat(c.port()).isEqualTo(7001);
    assertThat(c.providers())
        .singleElement()
        .satisfies(p -> assertThat(p.clientId()).isEqualTo("from-file"));
    assertThat(c.toString()).doesNotContain("file-secret");
  }

  @Test
  void configFileErrorsNameTheFile() throws Exception {
    failsNaming(
        env("SIGNLINK_CONFIG", dir.resolve("missing.properties").toString()),
        "SIGNLINK_CONFIG",
        "does not exist");
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "SIGNLNK_PORT=1\n");
    failsNaming(env("SIGNLINK_CONFIG", file.toString()), "SIGNLNK_PORT", "SIGNLINK_*");
  }

  @Test
  void readsGenericOidcProviders() {
    SignLinkConfig c =
        SignLinkConfig.fromEnvironment(
            env(
                "SIGNLINK_OIDC_KEYCLOAK_ISSUER",
                "https://kc.example.com/realms/a",
                "SIGNLINK_OIDC_KEYCLOAK_CLIENT_ID",
                "signlink",
                "SIGNLINK_OIDC_KEYCLOAK_SCOPES",
                "openid email"));
    assertThat(c.providers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo("keycloak");
              assertThat(p.scopes()).containsExactly("openid", "email");
            });
  }

  /** A definition of the application's own, with a settings prefix that is not its id's. */
  static ProviderDefinitions withAcme() {
    String json =
        """
        {
          "schema": 1,
          "id": "acme",
          "display_name": "Acme Sign",
          "settings_prefix": "SIGNLINK_ACME_SIGN_",
          "variables": {"account": "https://auth.acme.example", "api": "https://api.acme.example"},
          "endpoints": {
            "authorization": "{account}/oauth/authorize",
            "token": "{account}/oauth/token"
          },
          "client_auth": "client_secret_basic",
          "pkce": true,
          "scopes": {"default": ["documents:read"]},
          "refresh": {"rotation": "rotating"},
          "identity": {"endpoint": "{base_uri}/me", "subject": "/id", "name": "/name", "email": "/email"},
          "api": {"base": "{api}", "path": "/v3"}
        }
        """;
    return ProviderDefinitions.builtIn()
        .with(
            ProviderDefinitions.read(
                "acme.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void readsTheClientsOfDefinitionsHandedInAndChecksTheirSettings() {
    Map<String, String> env =
        env(
            "SIGNLINK_ACME_SIGN_CLIENT_ID",
            "acme-client",
            "SIGNLINK_ACME_SIGN_API_URL",
            "http://127.0.0.1:9/acme-api");
    try (io.signlink.testing.LogCapture log = io.signlink.testing.LogCapture.start()) {
      SignLinkConfig c = SignLinkConfig.fromEnvironment(env, withAcme());

      assertThat(c.providers())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.id()).isEqualTo("acme");
                assertThat(p.clientId()).isEqualTo("acme-client");
              });
      assertThat(log.text()).doesNotContain("Unknown setting");
    }
    assertThat(SignLinkConfig.fromEnvironment(env).providers())
        .as("the built-in definitions alone know no Acme")
        .isEmpty();

    env.put("SIGNLINK_ACME_SIGN_API_URL", "ftp://api.acme.example");
    assertThatThrownBy(() -> SignLinkConfig.fromEnvironment(env, withAcme()))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).setting())
                    .isEqualTo("SIGNLINK_ACME_SIGN_API_URL"));
  }

  @Test
  void readsTheOidcClientAuthenticationAndOfflineAccessSettings() {
    SignLinkConfig c =
        SignLinkConfig.fromEnvironment(
            env(
                "SIGNLINK_OIDC_KEYCLOAK_ISSUER",
                "https://kc.example.com/realms/a",
                "SIGNLINK_OIDC_KEYCLOAK_CLIENT_ID",
                "signlink",
                "SIGNLINK_OIDC_KEYCLOAK_CLIENT_AUTH",
                "client_secret_post",
                "SIGNLINK_OIDC_KEYCLOAK_OFFLINE_ACCESS",
                "false"));
    ProviderSettings.Oidc oidc = (ProviderSettings.Oidc) c.providers().get(0);
    assertThat(oidc.clientAuth())
        .isEqualTo(io.signlink.provider.ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(oidc.offlineAccess())
        .isEqualTo(io.signlink.provider.oidc.OidcDiscovery.OfflineAccess.NEVER);
    assertThat(oidc.scopes()).isEmpty(); // the provider kind's defaults, chosen at discovery

    failsNaming(
        env(
            "SIGNLINK_OIDC_KEYCLOAK_ISSUER",
            "https://kc.example.com/realms/a",
            "SIGNLINK_OIDC_KEYCLOAK_CLIENT_ID",
            "signlink",
            "SIGNLINK_OIDC_KEYCLOAK_CLIENT_AUTH",
            "private_key_jwt"),
        "SIGNLINK_OIDC_KEYCLOAK_CLIENT_AUTH",
        "client_secret_post");
  }

  @Test
  void builderConfiguresTheDemoInCode() {
    SignLinkConfig c = SignLinkConfig.builder().dataDir(dir).port(0).devMode(true).build();
    assertThat(c.consoleOpen()).isTrue();
    assertThat(c.toBuilder().port(1234).build().effectivePublicUrl().toString())
        .isEqualTo("http://127.0.0.1:1234");
  }
}
