package io.signlink.emulator;

import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Profiles;
import io.signlink.emulator.profile.UserSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The seeded users of the providers, as their profiles declare them. The first user of each
 * provider is its default user: the one auto-approve signs in unless a {@code login_hint} names
 * another.
 *
 * <p>DocuSign users deliberately differ in shape, as real accounts do: one to three accounts, the
 * default account not always first, {@code is_default} as strings for some users and booleans for
 * others, and an organization on some accounts only.
 *
 * <p>Thread-safe: immutable constants and pure functions.
 */
public final class SeedUsers {

  /** BoldSign users; {@code alex.morgan@example.com} is the default. */
  public static final List<SeedUser> BOLDSIGN = of(Profiles.builtIn(Provider.BOLDSIGN.id()));

  /** DocuSign users; {@code dana.whitfield@example.com} is the default. */
  public static final List<SeedUser> DOCUSIGN = of(Profiles.builtIn(Provider.DOCUSIGN.id()));

  private SeedUsers() {}

  /** The users a profile seeds, default user first. */
  public static List<SeedUser> of(Profile profile) {
    Provider provider = Provider.of(profile.id(), profile.displayName());
    return profile.users().stream().map(u -> seedUser(provider, u)).toList();
  }

  /** All seeded users of a built-in provider, default user first. */
  public static List<SeedUser> of(Provider provider) {
    if (provider.equals(Provider.BOLDSIGN)) {
      return BOLDSIGN;
    }
    if (provider.equals(Provider.DOCUSIGN)) {
      return DOCUSIGN;
    }
    if (!Profiles.builtInIds().contains(provider.id())) {
      throw new IllegalArgumentException(
          provider.id() + " is not a built-in profile; ask the Emulator for its users");
    }
    return of(Profiles.builtIn(provider.id()));
  }

  /** The default user of a built-in provider (the first seeded one). */
  public static SeedUser defaultUser(Provider provider) {
    return of(provider).get(0);
  }

  /** The built-in provider's user whose {@code sub} or email equals {@code hint}, if any. */
  public static Optional<SeedUser> find(Provider provider, String hint) {
    return find(of(provider), hint);
  }

  /** The user of {@code users} whose {@code sub} or email equals {@code hint} (any case). */
  public static Optional<SeedUser> find(List<SeedUser> users, String hint) {
    if (hint == null || hint.isBlank()) {
      return Optional.empty();
    }
    String wanted = hint.trim().toLowerCase(Locale.ROOT);
    return users.stream()
        .filter(
            u ->
                u.sub().equalsIgnoreCase(wanted)
                    || u.email().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  private static SeedUser seedUser(Provider provider, UserSpec u) {
    List<SeedAccount> accounts =
        u.accounts().stream()
            .map(
                a ->
                    new SeedAccount(
                        a.accountId(),
                        a.accountName(),
                        a.isDefault(),
                        a.organizationId(),
                        a.planName()))
            .toList();
    return new SeedUser(
        provider,
        u.sub(),
        u.givenName(),
        u.familyName(),
        u.email(),
        u.created(),
        accounts,
        u.isDefaultAsString(),
        u.region());
  }
}
