package io.signlink.connection;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Builds connections and token sets for tests. */
public final class Fixtures {
  private Fixtures() {}

  public static TokenSet tokens(
      String access, String refresh, Instant receivedAt, Duration lifetime) {
    return new TokenSet(
        Secret.of(access),
        "Bearer",
        Secret.ofNullable(refresh),
        null,
        Set.of("signature"),
        receivedAt,
        receivedAt.plus(lifetime),
        null);
  }

  public static Connection connection(String providerId, TokenSet tokens, Instant now) {
    return new Connection(
        UUID.randomUUID().toString(),
        providerId,
        "owner-1",
        "subject-1",
        "acct-1",
        "Account",
        "https://api.example.test",
        null,
        Set.of("signature"),
        ConnectionStatus.ACTIVE,
        null,
        tokens,
        1,
        now,
        now,
        null);
  }
}
