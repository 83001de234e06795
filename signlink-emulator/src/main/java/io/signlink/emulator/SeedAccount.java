package io.signlink.emulator;

import java.util.Objects;

/**
 * A seeded DocuSign account a user belongs to, as listed by {@code /oauth/userinfo}.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param accountId the account GUID
 * @param accountName the account's display name
 * @param isDefault whether it is the user's default account
 * @param organizationId the organization GUID, or {@code null} when the account has none
 * @param planName the billing plan shown by the account API
 */
public record SeedAccount(
    String accountId,
    String accountName,
    boolean isDefault,
    String organizationId,
    String planName) {

  public SeedAccount {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(accountName, "accountName");
    Objects.requireNonNull(planName, "planName");
  }
}
