package io.signlink.connection;

import io.signlink.oauth.TokenSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a finished consent flow produces, to be created or merged by {@link
 * ConnectionStore#upsert(ConnectionDraft)}.
 *
 * @param email the user's email (userinfo, else the ID token), or {@code null}
 * @param displayName the user's name (userinfo, else the ID token), or {@code null}
 * @param applicationId the application the connection is made for; part of its identity, so the
 *     same provider account connected through two applications is two connections
 * @param callbackValues the checked values of the provider's redirect, kept with the connection
 *     (see {@link Connection#callbackValues()})
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
    String displayName,
    String applicationId,
    Map<String, String> callbackValues) {

  /** A draft whose provider's redirect named no hosts. */
  public ConnectionDraft(
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
      String displayName,
      String applicationId) {
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
        email,
        displayName,
        applicationId,
        Map.of());
  }

  /** A draft for the {@link Connection#DEFAULT_APPLICATION default application}. */
  public ConnectionDraft(
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
        email,
        displayName,
        Connection.DEFAULT_APPLICATION);
  }

  /** A draft of the default application without the user's email and name (CLI tests). */
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
        null,
        Connection.DEFAULT_APPLICATION);
  }

  public ConnectionDraft {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tokens, "tokens");
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    callbackValues = callbackValues == null ? Map.of() : Map.copyOf(callbackValues);
  }
}
