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
 * hosts through the same {@code _ACCOUNT_URL}/{@code _API_URL} overrides a user would set, plus
 * {@code _CALLBACK_URLS} for the providers whose redirect names the account's hosts (Acrobat Sign's
 * shard, Zoho's data centre), so those pass the allow-list on the emulator's port. No provider is
 * named here: a new definition and emulator profile join the demo by themselves. Immutable.
 *
 * @param offered the providers configured, in the emulator's order
 */
record DemoProviders(List<Offered> offered) {

  /** One configured provider: its client settings and the same as {@code SIGNLINK_*} entries. */
  record Offered(String displayName, ProviderClientSettings client, Map<String, String> settings) {}

  DemoProviders {
    offered = List.copyOf(offered);
  }

  static DemoProviders of(Emulator emulator, ProviderDefinitions definitions) {
    List<Offered> offered = new ArrayList<>();
    for (Provider provider : emulator.providers()) {
      Optional<ProviderDefinition> found = definitions.find(provider.id());
      if (found.isEmpty()) {
        continue;
      }
      ProviderDefinition d = found.get();
      Optional<ClientSpec> client =
          emulator.profile(provider).clients().stream()
              .filter(c -> c.clientSecret() != null)
              .findFirst();
      if (client.isEmpty()) {
        continue;
      }
      offered.add(offered(emulator, provider, d, client.get()));
    }
    return new DemoProviders(offered);
  }

  private static Offered offered(
      Emulator emulator, Provider provider, ProviderDefinition d, ClientSpec client) {
    List<String> read = DefinitionSettings.suffixes(d);
    String prefix = DefinitionSettings.prefix(d, d.id());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "CLIENT_ID", client.clientId());
    settings.put(prefix + "CLIENT_SECRET", client.clientSecret());
    emulator
        .signLinkHostSettings(provider)
        .forEach(
            (suffix, value) -> {
              if (read.contains(suffix)) {
                settings.put(prefix + suffix, value);
              }
            });
    // the same settings as the client's settings, read the way the server reads them
    ProviderClientSettings clientSettings =
        DefinitionSettings.read(d, new MapSource(settings), java.util.Set.of()).get(0);
    return new Offered(d.displayName(), clientSettings, settings);
  }

  /** The demo's own settings as a definition source: the emulator's URLs, nothing else. */
  private record MapSource(Map<String, String> values) implements DefinitionSettings.Source {
    @Override
    public Optional<String> string(String name) {
      return Optional.ofNullable(values.get(name));
    }

    @Override
    public Optional<Secret> secret(String name) {
      return string(name).map(Secret::of);
    }

    @Override
    public Optional<URI> url(String name, String example) {
      return string(name).map(URI::create);
    }

    @Override
    public List<String> list(String name) {
      return string(name).map(v -> List.of(v.split("[,\\s]+"))).orElse(List.of());
    }

    @Override
    public List<String> namesStartingWith(String prefix) {
      return values.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }
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
