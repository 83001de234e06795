package io.signlink.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.provider.definition.ProviderDefinitions;
import org.junit.jupiter.api.Test;

/** The demo offers every emulated provider SignLink has a definition for, with no list of names. */
class DemoProvidersTest {

  @Test
  void everyEmulatedProviderWithADefinitionIsOfferedWithTheEmulatorsDemoClient() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().build())) {
      DemoProviders demo = DemoProviders.of(emulator, ProviderDefinitions.builtIn());

      assertThat(demo.offered())
          .extracting(p -> p.client().id())
          .contains("boldsign", "docusign", "dropboxsign", "signnow", "pandadoc");
      assertThat(demo.offered().get(0).settings())
          .containsEntry("SIGNLINK_BOLDSIGN_CLIENT_ID", DemoClients.BOLDSIGN_CLIENT_ID)
          .containsEntry("SIGNLINK_BOLDSIGN_ACCOUNT_URL", emulator.boldSignAccountBase().toString())
          .containsEntry("SIGNLINK_BOLDSIGN_API_URL", emulator.boldSignApiBase().toString());
      assertThat(demo.offered())
          .filteredOn(p -> p.client().id().equals("docusign"))
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.settings())
                      .containsOnlyKeys(
                          "SIGNLINK_DOCUSIGN_CLIENT_ID",
                          "SIGNLINK_DOCUSIGN_CLIENT_SECRET",
                          "SIGNLINK_DOCUSIGN_ACCOUNT_URL"));
      // Providers whose token endpoint comes from the redirect are offered too, with the
      // emulator's port allowed for the hosts their redirect names.
      assertThat(demo.offered())
          .extracting(p -> p.client().id())
          .containsExactlyInAnyOrder(
              "boldsign",
              "docusign",
              "acrobatsign",
              "dropboxsign",
              "signnow",
              "pandadoc",
              "zohosign");
      assertThat(demo.offered())
          .filteredOn(p -> p.client().id().equals("acrobatsign"))
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.settings())
                      .containsEntry(
                          "SIGNLINK_ACROBATSIGN_CALLBACK_URLS", emulator.baseUri().toString())
                      .doesNotContainKey("SIGNLINK_ACROBATSIGN_API_URL"));
      assertThat(demo.offered())
          .filteredOn(p -> p.client().id().equals("zohosign"))
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.settings())
                      .containsEntry(
                          "SIGNLINK_ZOHOSIGN_API_URL",
                          emulator.baseUri() + "/zohosign/{location}"));
      assertThat(demo.names()).startsWith("BoldSign, DocuSign").contains(" and ");
    }
  }
}
