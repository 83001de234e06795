package io.signlink.emulator.oauth;

import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUser;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which scopes each user has consented to for each client. DocuSign's JWT grant checks it: without
 * a prior consent to {@code signature impersonation} it answers {@code consent_required}.
 *
 * <p>Thread-safe: a concurrent map of immutable sets, updated atomically.
 */
public final class Consents {

  private final Map<String, Set<String>> granted = new ConcurrentHashMap<>();
  private final Map<Provider, SeedUser> signedIn = new ConcurrentHashMap<>();

  /**
   * The user the provider's browser session is signed in as: approvals without a {@code login_hint}
   * go to this user instead of the provider's default one.
   */
  public void signIn(SeedUser user) {
    signedIn.put(user.provider(), user);
  }

  /** Ends every chosen sign-in: approvals go to each provider's default user again. */
  public void signOutEveryone() {
    signedIn.clear();
  }

  /** The user signed in at {@code provider}, if a test chose one. */
  public Optional<SeedUser> signedIn(Provider provider) {
    return Optional.ofNullable(signedIn.get(provider));
  }

  public void record(String clientId, String sub, Collection<String> scopes) {
    granted.merge(
        key(clientId, sub),
        Set.copyOf(scopes),
        (a, b) -> {
          Set<String> all = new HashSet<>(a);
          all.addAll(b);
          return Set.copyOf(all);
        });
  }

  public boolean covers(String clientId, String sub, Collection<String> scopes) {
    return granted.getOrDefault(key(clientId, sub), Set.of()).containsAll(scopes);
  }

  public void revoke(String clientId, String sub) {
    granted.remove(key(clientId, sub));
  }

  private static String key(String clientId, String sub) {
    return clientId + '\n' + sub;
  }
}
