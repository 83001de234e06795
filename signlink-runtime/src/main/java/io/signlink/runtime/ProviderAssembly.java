package io.signlink.runtime;

import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.definition.DefinedProviders;
import io.signlink.runtime.config.ProviderSettings;
import java.util.List;

/**
 * Turns the configured provider settings into the provider registry. Every provider is built from
 * its definition by {@link DefinedProviders} (docs/PROVIDER-DEFINITIONS.md); nothing here knows a
 * provider by name. Stateless.
 */
final class ProviderAssembly {
  private ProviderAssembly() {}

  static ProviderRegistry build(List<ProviderSettings> settings, DefinedProviders defined) {
    return defined.registry(settings.stream().map(ProviderSettings::client).toList());
  }
}
