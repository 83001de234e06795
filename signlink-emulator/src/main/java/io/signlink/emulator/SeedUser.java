package io.signlink.emulator;

import java.util.List;
import java.util.Objects;

/**
 * A seeded end user of one provider: the person who "logs in" on the consent page. Declared in the
 * provider's profile ({@code users}).
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param provider the provider the user belongs to
 * @param sub the stable subject identifier
 * @param givenName given name
 * @param familyName family name
 * @param email email address
 * @param created creation timestamp as DocuSign prints it in userinfo
 * @param accounts DocuSign accounts (empty for other providers' users)
 * @param isDefaultAsString whether userinfo prints {@code is_default} as the strings {@code
 *     "true"}/{@code "false"} (as DocuSign's Java SDK models it) rather than JSON booleans; both
 *     occur in the wild, so clients must accept both
 * @param region the user's region (Acrobat Sign shard, Zoho data centre), or {@code null}
 */
public record SeedUser(
    Provider provider,
    String sub,
    String givenName,
    String familyName,
    String email,
    String created,
    List<SeedAccount> accounts,
    boolean isDefaultAsString,
    String region) {

  public SeedUser {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(email, "email");
    accounts = List.copyOf(accounts);
  }

  /** A user without a region. */
  public SeedUser(
      Provider provider,
      String sub,
      String givenName,
      String familyName,
      String email,
      String created,
      List<SeedAccount> accounts,
      boolean isDefaultAsString) {
    this(provider, sub, givenName, familyName, email, created, accounts, isDefaultAsString, null);
  }

  public String name() {
    return givenName + " " + familyName;
  }

  /** Whether this user is a member of the given DocuSign account. */
  public boolean hasAccount(String accountId) {
    return accounts.stream().anyMatch(a -> a.accountId().equalsIgnoreCase(accountId));
  }
}
