package io.signlink.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The seeded users of both providers. The first user of each provider is its default user: the one
 * auto-approve signs in unless a {@code login_hint} names another.
 *
 * <p>DocuSign users deliberately differ in shape, as real accounts do: one to three accounts, the
 * default account not always first, {@code is_default} as strings for some users and booleans for
 * others, and an organization on some accounts only.
 *
 * <p>Thread-safe: immutable constants.
 */
public final class SeedUsers {

  /** BoldSign users; {@code alex.morgan@example.com} is the default. */
  public static final List<SeedUser> BOLDSIGN =
      List.of(
          boldSign(
              "7d1c4b0e-5a53-4e8f-9b0a-3c1f2e6d8a41", "Alex", "Morgan", "alex.morgan@example.com"),
          boldSign(
              "c2a9f6d4-0b7e-4f31-8d25-9e4a1b7c3f60",
              "Priya",
              "Natarajan",
              "priya.natarajan@example.com"),
          boldSign(
              "e5b8d3a1-6c2f-4a97-b0e4-1d9c8f7a2b35",
              "Jonas",
              "Becker",
              "jonas.becker@example.org"));

  /** DocuSign users; {@code dana.whitfield@example.com} is the default. */
  public static final List<SeedUser> DOCUSIGN =
      List.of(
          new SeedUser(
              Provider.DOCUSIGN,
              "4f6b2d1e-8c3a-4b7d-9e2f-a1c5d7e9b3f2",
              "Dana",
              "Whitfield",
              "dana.whitfield@example.com",
              "2019-03-11T17:43:12.917",
              List.of(
                  new SeedAccount(
                      "18b4a9c7-2d5e-4f60-8a13-7c9e0b2d4f61",
                      "Whitfield Legal LLC",
                      true,
                      "0a7e3c5b-91d4-4e28-b6f3-2c8d5a1e9f07",
                      "DEV-DEVELOPER"),
                  new SeedAccount(
                      "5c2e8f1a-7b3d-4a96-8e04-d1f7b9a3c625",
                      "Whitfield Personal",
                      false,
                      null,
                      "FREE")),
              true),
          new SeedUser(
              Provider.DOCUSIGN,
              "9a3e7c15-2f8b-4d6a-b1e9-5c4d0f8a2e73",
              "Marco",
              "Ruiz",
              "marco.ruiz@example.com",
              "2021-07-02T09:15:40.12",
              List.of(
                  new SeedAccount(
                      "b7d1f3a9-4e6c-48b2-9a5d-0f2c6e8b1d34",
                      "Ruiz Realty",
                      true,
                      null,
                      "DEV-BASIC")),
              false),
          new SeedUser(
              Provider.DOCUSIGN,
              "2b8f4a6d-9c1e-4e37-a5d2-7f3b9e1c6a08",
              "Keiko",
              "Tanaka",
              "keiko.tanaka@example.org",
              "2020-11-23T04:02:55.5",
              List.of(
                  new SeedAccount(
                      "6e9a2c4f-1b7d-4f85-a3c6-8d0e2b5f7a19",
                      "Tanaka Design (Tokyo)",
                      false,
                      "3d5f7b9e-2a4c-46e8-b0d1-9f3a5c7e1b24",
                      "DEV-DEVELOPER"),
                  new SeedAccount(
                      "a4c6e8b0-3d5f-4a71-9b2e-6f8d1c3a5e97",
                      "Tanaka Design (Osaka)",
                      true,
                      "3d5f7b9e-2a4c-46e8-b0d1-9f3a5c7e1b24",
                      "DEV-DEVELOPER"),
                  new SeedAccount(
                      "d0f2b4a6-8c1e-4d39-b7a5-2e4c6f8a0b13",
                      "Keiko Tanaka (trial)",
                      false,
                      null,
                      "FREE-TRIAL")),
              false));

  private SeedUsers() {}

  /** All seeded users of a provider, default user first. */
  public static List<SeedUser> of(Provider provider) {
    return provider == Provider.BOLDSIGN ? BOLDSIGN : DOCUSIGN;
  }

  /** The default user of a provider (the first seeded one). */
  public static SeedUser defaultUser(Provider provider) {
    return of(provider).get(0);
  }

  /** The user whose {@code sub} or email equals {@code hint} (case-insensitive), if any. */
  public static Optional<SeedUser> find(Provider provider, String hint) {
    if (hint == null || hint.isBlank()) {
      return Optional.empty();
    }
    String wanted = hint.trim().toLowerCase(Locale.ROOT);
    return of(provider).stream()
        .filter(
            u ->
                u.sub().equalsIgnoreCase(wanted)
                    || u.email().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  private static SeedUser boldSign(String sub, String given, String family, String email) {
    return new SeedUser(
        Provider.BOLDSIGN, sub, given, family, email, "2023-01-09T10:00:00Z", List.of(), false);
  }
}
