package io.signlink.connection;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A stored connection: one owner's grant at one provider for one subject and account. Unique per
 * {@code (providerId, owner, subject, accountId)}; reconnecting the same account updates it.
 *
 * <p>{@code tokens} is {@code null} only in listings, for a row whose ciphertext could not be
 * decrypted (wrong key, tampered row); {@link ConnectionStore#find(String)} throws for such a row
 * instead. {@code version} is the compare-and-set version (SECURITY.md §atomic-writes). Immutable.
 *
 * @param accountId the selected account (DocuSign default account, or the first), or {@code null}
 * @param baseUri the selected account's API root (DocuSign {@code base_uri}, BoldSign API host)
 * @param accounts every account the user has at the provider
 * @param email the user's email from userinfo or the ID token at consent, or {@code null}
 * @param displayName the user's name from userinfo or the ID token at consent, or {@code null}
 * @param applicationId the application the connection belongs to: only that application's API keys
 *     see it (SECURITY.md §applications); fixed for the connection's life
 * @param callbackValues what the provider's redirect named for this connection and SignLink checked
 *     (Acrobat Sign's {@code api_access_point}, Zoho's {@code location} and {@code
 *     accounts-server}); its refreshes, revocation and API calls go there (SECURITY.md
 *     §callback-hosts). Empty for providers whose redirect names none; replaced by a reconnect
 */
public record Connection(
    String id,
    String providerId,
    String owner,
    String subject,
    String accountId,
    String accountName,
    String baseUri,
    List<Account> accounts,
    Set<String> scopes,
    ConnectionStatus status,
    String statusReason,
    TokenSet tokens,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant lastRefreshedAt,
    String email,
    String displayName,
    String applicationId,
    Map<String, String> callbackValues) {

  /** The application of connections made where no application is known (CLI login, old rows). */
  public static final String DEFAULT_APPLICATION = "default";

  /** A connection whose provider's redirect named no hosts. */
  public Connection(
      String id,
      String providerId,
      String owner,
      String subject,
      String accountId,
      String accountName,
      String baseUri,
      List<Account> accounts,
      Set<String> scopes,
      ConnectionStatus status,
      String statusReason,
      TokenSet tokens,
      long version,
      Instant createdAt,
      Instant updatedAt,
      Instant lastRefreshedAt,
      String email,
      String displayName,
      String applicationId) {
    this(
        id,
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        scopes,
        status,
        statusReason,
        tokens,
        version,
        createdAt,
        updatedAt,
        lastRefreshedAt,
        email,
        displayName,
        applicationId,
        Map.of());
  }

  /** A connection of the {@link #DEFAULT_APPLICATION default application}. */
  public Connection(
      String id,
      String providerId,
      String owner,
      String subject,
      String accountId,
      String accountName,
      String baseUri,
      List<Account> accounts,
      Set<String> scopes,
      ConnectionStatus status,
      String statusReason,
      TokenSet tokens,
      long version,
      Instant createdAt,
      Instant updatedAt,
      Instant lastRefreshedAt,
      String email,
      String displayName) {
    this(
        id,
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        scopes,
        status,
        statusReason,
        tokens,
        version,
        createdAt,
        updatedAt,
        lastRefreshedAt,
        email,
        displayName,
        DEFAULT_APPLICATION);
  }

  /** A connection of the default application without the user's email and name. */
  public Connection(
      String id,
      String providerId,
      String owner,
      String subject,
      String accountId,
      String accountName,
      String baseUri,
      List<Account> accounts,
      Set<String> scopes,
      ConnectionStatus status,
      String statusReason,
      TokenSet tokens,
      long version,
      Instant createdAt,
      Instant updatedAt,
      Instant lastRefreshedAt) {
    this(
        id,
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        scopes,
        status,
        statusReason,
        tokens,
        version,
        createdAt,
        updatedAt,
        lastRefreshedAt,
        null,
        null,
        DEFAULT_APPLICATION);
  }

  public Connection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    callbackValues = callbackValues == null ? Map.of() : Map.copyOf(callbackValues);
  }

  /** False for a listed row whose tokens could not be decrypted. */
  public boolean tokensReadable() {
    return tokens != null;
  }

  /** The same connection with new tokens after a refresh (status back to active). */
  public Connection withRefreshedTokens(TokenSet newTokens, Instant now) {
    return new Connection(
        id,
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        newTokens.scopes().isEmpty() ? scopes : newTokens.scopes(),
        ConnectionStatus.ACTIVE,
        null,
        newTokens,
        version,
        createdAt,
        now,
        now,
        email,
        displayName,
        applicationId,
        callbackValues);
  }

  /** The same connection with another status and reason. */
  public Connection withStatus(ConnectionStatus newStatus, String reason, Instant now) {
    return new Connection(
        id,
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        scopes,
        newStatus,
        reason,
        tokens,
        version,
        createdAt,
        now,
        lastRefreshedAt,
        email,
        displayName,
        applicationId,
        callbackValues);
  }

  /**
   * The same connection keeping the refresh token a rejected refresh answer rotated (SECURITY.md
   * §rotation); its access token and everything else are unchanged.
   */
  public Connection withRotatedRefreshToken(Secret rotated, Instant rotatedExpiresAt) {
    if (rotated == null || tokens == null) {
      return this;
    }
    return new Connection(
        id,
        providerId,
        owner,
        subject,
        accountId,
        accountName,
        baseUri,
        accounts,
        scopes,
        status,
        statusReason,
        tokens.withRotatedRefreshToken(rotated, rotatedExpiresAt),
        version,
        createdAt,
        updatedAt,
        lastRefreshedAt,
        email,
        displayName,
        applicationId,
        callbackValues);
  }

  /**
   * When the refresh token stops working unless used (the provider's {@code refresh_expires_in} at
   * the last grant or rotation), or {@code null} when the provider named no limit or the tokens are
   * unreadable. The refresh-token keep-alive uses it.
   */
  public Instant refreshDeadline() {
    return tokens == null ? null : tokens.refreshExpiresAt();
  }

  /** The same connection acting on another of its accounts. */
  public Connection withSelectedAccount(Account account, Instant now) {
    return new Connection(
        id,
        providerId,
        owner,
        subject,
        account.accountId(),
        account.accountName(),
        account.baseUri(),
        accounts,
        scopes,
        status,
        statusReason,
        tokens,
        version,
        createdAt,
        now,
        lastRefreshedAt,
        email,
        displayName,
        applicationId,
        callbackValues);
  }
}
