package io.signlink.provider;

import io.signlink.error.ConfigurationException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured providers by id. Immutable and therefore thread-safe; build a new registry to
 * change the configuration.
 */
public final class ProviderRegistry {
  private final Map<String, Provider> byId;

  public ProviderRegistry(List<Provider> providers) {
    Map<String, Provider> map = new LinkedHashMap<>();
    for (Provider p : providers) {
      if (map.putIfAbsent(p.id(), p) != null) {
        throw new ConfigurationException(
            "providers",
            "the provider id '" + p.id() + "' is configured twice; ids must be unique");
      }
    }
    this.byId = java.util.Collections.unmodifiableMap(map);
  }

  public static ProviderRegistry of(Provider... providers) {
    return new ProviderRegistry(List.of(providers));
  }

  public Optional<Provider> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  /** The provider with this id, or a {@link ConfigurationException} naming the known ids. */
  public Provider require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new ConfigurationException(
                    "provider",
                    "no provider '" + id + "' is configured; known providers: " + byId.keySet()));
  }

  /** Every provider, in configuration order. */
  public Collection<Provider> all() {
    return byId.values();
  }
}
