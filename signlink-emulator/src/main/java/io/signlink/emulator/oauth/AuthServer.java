package io.signlink.emulator.oauth;

import io.signlink.emulator.EmulatorStats;
import io.signlink.emulator.Faults;
import io.signlink.emulator.RegisteredClient;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's authorization server in one region: its {@link ProviderRules} and the services
 * shared by every provider (clients, token store, consents, keys, stats, faults, clock). Endpoint
 * classes take it as their single collaborator.
 *
 * <p>Thread-safe: an immutable record of thread-safe services.
 *
 * @param autoApprove whether authorization requests are approved without showing the consent page
 * @param region the region whose hosts this server answers on, or {@code null} for hosts that are
 *     the same in every region
 */
public record AuthServer(
    ProviderRules rules,
    Clients clients,
    TokenStore store,
    Consents consents,
    PendingConsents pending,
    IdTokens idTokens,
    EmulatorStats stats,
    Faults faults,
    Clock clock,
    RandomValues random,
    boolean autoApprove,
    String region) {

  /** Counts one occurrence of {@code {provider}.{what}}. */
  public void count(String what) {
    stats.increment(rules.provider().id() + "." + what);
  }

  /** The same server answering on {@code region}'s hosts. */
  public AuthServer inRegion(String region) {
    return new AuthServer(
        rules,
        clients,
        store,
        consents,
        pending,
        idTokens,
        stats,
        faults,
        clock,
        random,
        autoApprove,
        region);
  }

  /**
   * The client with this id registered with this provider and known in this region (a seeded client
   * confined to another region is unknown here, as SignNow's evaluation keys are in production).
   */
  public Optional<RegisteredClient> client(String clientId) {
    String only = rules.profile().clientRegion(clientId);
    if (only != null && region != null && !only.equals(region)) {
      return Optional.empty();
    }
    return clients.find(rules.provider(), clientId);
  }

  /** Whether something issued in {@code issuedIn} may be used on this server's hosts. */
  public boolean accepts(String issuedIn) {
    return region == null || Objects.equals(region, issuedIn);
  }
}
