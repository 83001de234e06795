package io.signlink.connection;

import io.signlink.oauth.TokenSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a finished consent flow produces, to be created or merged by {@link
 * ConnectionStore#upsert(ConnectionDraft)}.
 */
public record ConnectionDraft(
    String providerId,
    String owner,
    String subject,
    String accountId,
    String accountName,
    String baseUri,
    List<Account> accounts,
    Set<String> scopes,
    TokenSet tokens) {

  public ConnectionDraft {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tokens, "tokens");
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }
}
