package io.signlink.provider;

import io.signlink.connection.Account;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who signed in at the provider and which accounts the connection may act on. Immutable.
 *
 * @param subject the provider's stable user id ({@code sub})
 * @param name display name, may be {@code null}
 * @param email may be {@code null}
 * @param accounts every account the provider listed, in the provider's order
 */
public record ResolvedIdentity(String subject, String name, String email, List<Account> accounts) {

  public ResolvedIdentity {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be blank");
    }
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
  }

  /** The account marked default by the provider, else the first one; empty when none. */
  public Optional<Account> defaultAccount() {
    return accounts.stream()
        .filter(Account::isDefault)
        .findFirst()
        .or(() -> accounts.stream().findFirst());
  }
}
