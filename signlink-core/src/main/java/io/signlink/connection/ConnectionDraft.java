package io.signlink.connection;

import io.signlink.oauth.TokenSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a finished consent flow produces, to be created or merged by {@link
 * ConnectionStore#upsert(ConnectionDraft)}.
 *
 * @param email the user's email (userinfo, else the ID token), or {@code null}
 * @param displayName the user's name (userinfo, else the ID token), or {@code null}
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
    TokenSet tokens,
    String email,
    String displayName) {

  /** A draft without the user's email and name. */
  public ConnectionDraft(
      String providerId,
      String owner,
      String subject,
      String accountId,
      String accountName,
      String baseUri,
      List<Account> accounts,
      Set<String> scopes,
      TokenSet tokens) {
    this(
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        scopes,
        tokens,
        null,
        null);
  }

  public ConnectionDraft {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tokens, "tokens");
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }
}
