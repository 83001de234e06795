package io.signlink.server.console;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.TokenManager;
import io.signlink.http.HttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.boldsign.BoldSignApiClient;
import io.signlink.provider.boldsign.BoldSignApiDocumentPage;
import io.signlink.provider.boldsign.BoldSignProfiles;
import io.signlink.provider.docusign.DocuSignApiAccount;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.time.Clock;
import java.util.Objects;

/**
 * One harmless API call per provider to show a connection works: DocuSign {@code GET
 * {base_uri}/restapi/v2.1/accounts/{accountId}}, BoldSign {@code GET {api}/v1/document/list?Page=1
 * &PageSize=10}. Returns a one-line summary; failures are the typed exceptions of the API clients.
 * Thread-safe.
 */
public final class TestCalls {
  private final HttpTransport http;
  private final TokenManager tokens;
  private final ApiCallSettings settings;

  public TestCalls(HttpTransport http, TokenManager tokens, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.settings = ApiCallSettings.defaults().withClock(clock);
  }

  public String run(Connection c) {
    ConnectionBearerTokens bearer = new ConnectionBearerTokens(tokens, c.id());
    if (c.providerId().equals(DocuSignProfiles.ID)) {
      DocuSignApiAccount a =
          DocuSignApiClient.forConnection(http, settings, c, bearer).getAccount();
      return "DocuSign account \""
          + (a.accountName() == null ? "?" : a.accountName())
          + "\" ("
          + a.accountId()
          + ")"
          + (a.planName() == null ? "" : ", plan " + a.planName());
    }
    if (c.providerId().equals(BoldSignProfiles.ID)) {
      BoldSignApiDocumentPage page =
          BoldSignApiClient.forConnection(http, settings, c, bearer).listDocuments(1, 10);
      StringBuilder sb =
          new StringBuilder("BoldSign: ").append(page.totalRecords()).append(" document(s)");
      page.documents().stream()
          .limit(3)
          .forEach(
              d ->
                  sb.append("; \"")
                      .append(d.title())
                      .append("\" ")
                      .append(d.status() == null ? "" : d.status()));
      return sb.toString();
    }
    return "No test call is defined for provider "
        + c.providerId()
        + "; the token is "
        + (tokens.accessToken(c.id()) != null ? "valid" : "missing")
        + ".";
  }
}
