package io.signlink.store;

import io.signlink.connection.Account;
import io.signlink.connection.ConnectionDraft;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Test data with recognisable random token values (markers for the plaintext scans). */
final class Drafts {
  private Drafts() {}

  static String marker(String kind) {
    return kind + "-MARKER-" + UUID.randomUUID().toString().replace("-", "");
  }

  static TokenSet tokens(Instant now, Duration lifetime) {
    return new TokenSet(
        Secret.of(marker("AT")),
        "Bearer",
        Secret.of(marker("RT")),
        Secret.of(marker("IDT")),
        Set.of("signature", "extended"),
        now,
        now.plus(lifetime),
        now.plus(Duration.ofDays(30)));
  }

  static ConnectionDraft draft(String owner, String account, Instant now, Duration lifetime) {
    Account a = new Account(account, "Account " + account, "https://demo.docusign.net", true);
    return new ConnectionDraft(
        "docusign",
        owner,
        "subject-" + owner,
        account,
        a.accountName(),
        a.baseUri(),
        List.of(a),
        Set.of("signature", "extended"),
        tokens(now, lifetime));
  }

  static ConnectionDraft draft(String owner, Instant now) {
    return draft(owner, "acc-1", now, Duration.ofHours(8));
  }

  static PendingAuthorization pending(String state, Instant now) {
    return new PendingAuthorization(
        Secret.of(state),
        "docusign",
        "https://account-d.docusign.com",
        "owner-p",
        "http://127.0.0.1:8080/callback/docusign",
        Secret.of(marker("PKCE")),
        Secret.of(marker("NONCE")),
        "binding-hash",
        "/done",
        now,
        now.plus(Duration.ofMinutes(10)));
  }
}
