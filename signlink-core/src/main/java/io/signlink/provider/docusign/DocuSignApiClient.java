package io.signlink.provider.docusign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.api.ApiUris;
import io.signlink.provider.api.BearerTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * DocuSign eSignature REST API v2.1 for one account: calls go to that account's own {@code
 * base_uri} (from {@code /oauth/userinfo}), never to a hard-coded host, because DocuSign spreads
 * accounts over {@code na*}, {@code eu}, {@code ca}, {@code au} hosts (docs/PROVIDERS.md "DocuSign
 * base URI"). Every call carries the connection's bearer token and refreshes once on a 401
 * (SECURITY.md §retry-on-401, see {@link ApiCaller}).
 *
 * <p>Thread-safe: immutable, and safe to share as long as its {@link BearerTokens} is.
 */
public final class DocuSignApiClient {
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  private final ApiCaller caller;
  private final Account account;
  private final URI accountRoot;
  private final BearerTokens tokens;

  public DocuSignApiClient(HttpTransport transport, Account account, BearerTokens tokens) {
    this(transport, ApiCallSettings.defaults(), account, tokens);
  }

  /**
   * @throws ConfigurationException when the account's {@code base_uri} is not an absolute https URL
   *     (http only on loopback) or its id is not a plain identifier
   */
  public DocuSignApiClient(
      HttpTransport transport, ApiCallSettings settings, Account account, BearerTokens tokens) {
    this.account = Objects.requireNonNull(account, "account");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.caller = new ApiCaller(transport, settings, "DocuSign", new DocuSignApiErrors());
    if (!ACCOUNT_ID.matcher(account.accountId()).matches()) {
      throw new ConfigurationException(
          "DocuSign account id", "must be the account's GUID or number from /oauth/userinfo");
    }
    URI root = ApiUris.requireApiRoot(account.baseUri(), "DocuSign account base_uri");
    this.accountRoot = ApiUris.resolve(root, "restapi/v2.1/accounts/" + account.accountId());
  }

  /** A client for the account a connection has selected (its default account after consent). */
  public static DocuSignApiClient forConnection(
      HttpTransport transport,
      ApiCallSettings settings,
      Connection connection,
      BearerTokens tokens) {
    if (connection.accountId() == null || connection.baseUri() == null) {
      throw new ConfigurationException(
          "connection " + connection.id(),
          "has no DocuSign account selected; reconnect so SignLink can read /oauth/userinfo");
    }
    Account selected =
        new Account(connection.accountId(), connection.accountName(), connection.baseUri(), true);
    return new DocuSignApiClient(transport, settings, selected, tokens);
  }

  /** The account this client acts on. */
  public Account account() {
    return account;
  }

  /** {@code {base_uri}/restapi/v2.1/accounts/{accountId}}. */
  public URI accountRoot() {
    return accountRoot;
  }

  /** {@code GET {base_uri}/restapi/v2.1/accounts/{accountId}}: the account's information. */
  public DocuSignApiAccount getAccount() {
    return DocuSignApiAccount.from(caller.getJson(accountRoot, tokens), account.accountId());
  }

  /**
   * {@code GET …/accounts/{accountId}/envelopes?from_date=…}: envelopes whose status changed since
   * {@code fromDate} (DocuSign requires {@code from_date} or an id filter on this call).
   */
  public DocuSignApiEnvelopeList listEnvelopes(Instant fromDate) {
    Objects.requireNonNull(fromDate, "fromDate");
    String from =
        URLEncoder.encode(DateTimeFormatter.ISO_INSTANT.format(fromDate), StandardCharsets.UTF_8);
    return DocuSignApiEnvelopeList.from(
        caller.getJson(ApiUris.resolve(accountRoot, "envelopes?from_date=" + from), tokens));
  }

  /**
   * {@code GET} any path below the account root, e.g. {@code "envelopes/{id}/recipients"} or {@code
   * ""} for the account itself, as a JSON tree — for the CLI's {@code call} command and the
   * server's proxy. The path cannot leave the account root (no scheme, host or {@code ..}), so the
   * token is never sent elsewhere.
   *
   * @throws IllegalArgumentException when the path would leave the account root
   */
  public JsonNode get(String path) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return caller.getJson(ApiUris.resolve(accountRoot, relative), tokens);
  }

  @Override
  public String toString() {
    return "DocuSignApiClient[" + accountRoot + "]";
  }
}
