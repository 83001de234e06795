package io.signlink.emulator.oauth;

import io.signlink.emulator.EmulatorStats;
import io.signlink.emulator.Faults;
import java.time.Clock;

/**
 * One provider's authorization server: its {@link ProviderRules} and the services shared by both
 * providers (clients, token store, consents, keys, stats, faults, clock). Endpoint classes take it
 * as their single collaborator.
 *
 * <p>Thread-safe: an immutable record of thread-safe services.
 *
 * @param autoApprove whether authorization requests are approved without showing the consent page
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
    boolean autoApprove) {

  /** Counts one occurrence of {@code {provider}.{what}}. */
  public void count(String what) {
    stats.increment(rules.provider().id() + "." + what);
  }
}
