package io.signlink.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.connection.Account;
import io.signlink.error.ConfigurationException;
import io.signlink.oauth.Secret;
import io.signlink.provider.boldsign.BoldSignProfiles;
import io.signlink.provider.boldsign.BoldSignRegion;
import io.signlink.provider.docusign.DocuSignEnvironment;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
  final TestHttp http = new TestHttp();
  final Provider boldsign =
      Providers.create(
          BoldSignProfiles.profile(BoldSignRegion.US, "c", Secret.of("s")),
          http,
          Clock.systemUTC());
  final Provider docusign =
      Providers.create(
          DocuSignProfiles.profile(DocuSignEnvironment.DEMO, "ik", Secret.of("s"), false),
          http,
          Clock.systemUTC());

  @Test
  void findsProvidersById() {
    ProviderRegistry registry = ProviderRegistry.of(boldsign, docusign);

    assertThat(registry.find("docusign")).containsSame(docusign);
    assertThat(registry.find("nope")).isEmpty();
    assertThat(registry.find(null)).isEmpty();
    assertThat(registry.all()).containsExactly(boldsign, docusign);
    assertThat(boldsign.idTokens()).isNotNull();
    assertThat(docusign.idTokens()).isNull();
  }

  @Test
  void requireNamesTheKnownIds() {
    assertThatThrownBy(() -> ProviderRegistry.of(boldsign, docusign).require("okta"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("okta")
        .hasMessageContaining("[boldsign, docusign]");
  }

  @Test
  void rejectsDuplicateIds() {
    assertThatThrownBy(() -> ProviderRegistry.of(boldsign, boldsign))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void registryIsUnmodifiable() {
    ProviderRegistry registry = new ProviderRegistry(List.of(boldsign));
    assertThatThrownBy(() -> registry.all().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void openIdProviderNeedsAVerifier() {
    assertThatThrownBy(() -> new Provider(boldsign.profile(), boldsign.accounts(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultAccountIsTheMarkedOneElseTheFirst() {
    Account a = new Account("a", "A", "https://a.example", false);
    Account b = new Account("b", "B", "https://b.example", true);

    assertThat(new ResolvedIdentity("s", null, null, List.of(a, b)).defaultAccount()).contains(b);
    assertThat(new ResolvedIdentity("s", null, null, List.of(a)).defaultAccount()).contains(a);
    assertThat(new ResolvedIdentity("s", null, null, List.of()).defaultAccount()).isEmpty();
  }

  // SECURITY.md §discovery, (docs/PROVIDERS.md "DocuSign base URI")
  @Test
  void httpsPolicyAllowsPlainHttpOnlyOnLoopback() {
    assertThat(HttpsPolicy.problem(java.net.URI.create("https://demo.docusign.net"))).isEmpty();
    assertThat(HttpsPolicy.problem(java.net.URI.create("http://127.0.0.1:8080/x"))).isEmpty();
    assertThat(HttpsPolicy.problem(java.net.URI.create("http://[::1]:8080/x"))).isEmpty();
    assertThat(HttpsPolicy.problem(java.net.URI.create("http://localhost/x"))).isEmpty();
    assertThat(HttpsPolicy.problem(java.net.URI.create("http://127.0.0.1.evil.example/x")))
        .isPresent();
    assertThat(HttpsPolicy.problem(java.net.URI.create("http://demo.docusign.net"))).isPresent();
    assertThat(HttpsPolicy.problem(java.net.URI.create("demo.docusign.net"))).isPresent();
    assertThat(HttpsPolicy.problem(java.net.URI.create("ftp://demo.docusign.net"))).isPresent();
  }
}
