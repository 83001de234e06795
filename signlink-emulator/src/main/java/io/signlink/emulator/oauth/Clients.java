package io.signlink.emulator.oauth;

import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered clients of both providers, looked up by provider and client id. A later
 * registration with the same id replaces an earlier one.
 *
 * <p>Thread-safe: immutable after construction.
 */
public final class Clients {

  private final Map<String, RegisteredClient> byKey;

  public Clients(List<RegisteredClient> clients) {
    Map<String, RegisteredClient> map = new LinkedHashMap<>();
    clients.forEach(c -> map.put(key(c.provider(), c.clientId()), c));
    this.byKey = Map.copyOf(map);
  }

  public Optional<RegisteredClient> find(Provider provider, String clientId) {
    return clientId == null
        ? Optional.empty()
        : Optional.ofNullable(byKey.get(key(provider, clientId)));
  }

  public List<RegisteredClient> all() {
    return byKey.values().stream()
        .sorted(
            Comparator.comparing(RegisteredClient::provider)
                .thenComparing(RegisteredClient::clientId))
        .toList();
  }

  private static String key(Provider provider, String clientId) {
    return provider.id() + '\n' + clientId;
  }
}
