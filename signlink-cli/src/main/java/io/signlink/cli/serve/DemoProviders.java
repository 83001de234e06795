package io.signlink.cli.serve;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.Provider;
import io.signlink.emulator.profile.ClientSpec;
import io.signlink.oauth.Secret;
import io.signlink.provider.definition.DefinitionSettings;
import io.signlink.provider.definition.ProviderClientSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The providers {@code signlink demo} offers: every provider the emulator plays that SignLink has a
 * definition for, configured with the emulator's public demo client and pointed at the emulator's
 * hosts through the same {@code _ACCOUNT_URL}/{@code _API_URL} overrides a user would set. No
 * provider is named here: a new definition and emulator profile join the demo by themselves.
 * Immutable.
 *
 * @param offered the providers configured, in the emulator's order
 * @param notYet providers left out because SignLink cannot connect them yet, with the reason
 */
record DemoProviders(List<Offered> offered, Map<String, String> notYet) {

  /** One configured provider: its client settings and the same as {@code SIGNLINK_*} entries. */
  record Offered(String displayName, ProviderClientSettings client, Map<String, String> settings) {}

  DemoProviders {
    offered = List.copyOf(offered);
    notYet = Map.copyOf(notYet);
  }

  static DemoProviders of(Emulator emulator, ProviderDefinitions definitions) {
    List<Offered> offered = new ArrayList<>();
    Map<String, String> notYet = new LinkedHashMap<>();
    for (Provider provider : emulator.providers()) {
      Optional<ProviderDefinition> found = definitions.find(provider.id());
      if (found.isEmpty()) {
        continue;
      }
      ProviderDefinition d = found.get();
      if (!d.callbackParameters().isEmpty()) {
        // Its token endpoint comes from the redirect (a shard, a data centre), which the connect
        // flow does not keep with the connection yet.
        notYet.put(d.displayName(), "its redirect parameters are not kept yet");
        continue;
      }
      Optional<ClientSpec> client =
          emulator.profile(provider).clients().stream()
              .filter(c -> c.clientSecret() != null)
              .findFirst();
      if (client.isEmpty()) {
        continue;
      }
      offered.add(offered(emulator, provider, d, client.get()));
    }
    return new DemoProviders(offered, notYet);
  }

  private static Offered offered(
      Emulator emulator, Provider provider, ProviderDefinition d, ClientSpec client) {
    List<String> read = DefinitionSettings.suffixes(d);
    String prefix = DefinitionSettings.prefix(d, d.id());
    Map<String, URI> overrides = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "CLIENT_ID", client.clientId());
    settings.put(prefix + "CLIENT_SECRET", client.clientSecret());
    if (read.contains("ACCOUNT_URL")) {
      overrides.put("account", emulator.accountBase(provider));
      settings.put(prefix + "ACCOUNT_URL", emulator.accountBase(provider).toString());
    }
    if (read.contains("API_URL")) {
      overrides.put("api", emulator.apiBase(provider));
      settings.put(prefix + "API_URL", emulator.apiBase(provider).toString());
    }
    ProviderClientSettings clientSettings =
        new ProviderClientSettings(
            d.id(),
            d.id(),
            client.clientId(),
            Secret.of(client.clientSecret()),
            null,
            overrides,
            null,
            null,
            null);
    return new Offered(d.displayName(), clientSettings, settings);
  }

  /** "BoldSign, DocuSign and PandaDoc". */
  String names() {
    List<String> names = offered.stream().map(Offered::displayName).toList();
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  /** The lower-case id of the first provider, for the banner's example. */
  String firstId() {
    return offered.isEmpty() ? "docusign" : offered.get(0).client().id().toLowerCase(Locale.ROOT);
  }
}
