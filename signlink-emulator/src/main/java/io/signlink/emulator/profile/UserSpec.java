package io.signlink.emulator.profile;

import java.util.List;
import java.util.Objects;

/**
 * A seeded user as a profile declares it; the emulator turns it into a {@link
 * io.signlink.emulator.SeedUser}.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param region the user's region (Acrobat Sign shard, Zoho data centre), or {@code null}
 * @param accounts DocuSign-style accounts, usually empty
 */
public record UserSpec(
    String sub,
    String givenName,
    String familyName,
    String email,
    String created,
    String region,
    List<AccountSpec> accounts,
    boolean isDefaultAsString) {

  public UserSpec {
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(email, "email");
    givenName = givenName == null ? "" : givenName;
    familyName = familyName == null ? "" : familyName;
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
  }

  /** An account the user belongs to (DocuSign's userinfo lists them). */
  public record AccountSpec(
      String accountId,
      String accountName,
      boolean isDefault,
      String organizationId,
      String planName) {}
}
