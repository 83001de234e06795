package io.signlink.emulator;

import java.util.List;
import java.util.Objects;

/**
 * A seeded end user of one provider: the person who "logs in" on the consent page.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param provider the provider the user belongs to
 * @param sub the stable subject identifier (a GUID, as both providers use)
 * @param givenName given name
 * @param familyName family name
 * @param email email address
 * @param created creation timestamp as DocuSign prints it in userinfo
 * @param accounts DocuSign accounts (empty for BoldSign users)
 * @param isDefaultAsString whether userinfo prints {@code is_default} as the strings {@code
 *     "true"}/{@code "false"} (as DocuSign's Java SDK models it) rather than JSON booleans; both
 *     occur in the wild, so clients must accept both
 */
public record SeedUser(
    Provider provider,
    String sub,
    String givenName,
    String familyName,
    String email,
    String created,
    List<SeedAccount> accounts,
    boolean isDefaultAsString) {

  public SeedUser {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(email, "email");
    accounts = List.copyOf(accounts);
  }

  public String name() {
    return givenName + " " + familyName;
  }

  /** Whether this user is a member of the given DocuSign account. */
  public boolean hasAccount(String accountId) {
    return accounts.stream().anyMatch(a -> a.accountId().equalsIgnoreCase(accountId));
  }
}
