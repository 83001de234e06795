package io.signlink.provider.docusign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.provider.api.ApiJson;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code GET /restapi/v2.1/accounts/{accountId}} says about an account (the fields SignLink
 * shows; the whole answer is available through {@link DocuSignApiClient#get(String)}). Immutable.
 *
 * @param accountId the account's GUID ({@code accountIdGuid}), or the id that was asked for
 * @param planName may be {@code null}
 * @param createdAt may be {@code null}
 */
public record DocuSignApiAccount(
    String accountId, String accountName, String planName, Instant createdAt) {

  public DocuSignApiAccount {
    Objects.requireNonNull(accountId, "accountId");
  }

  static DocuSignApiAccount from(JsonNode json, String requestedId) {
    String guid = ApiJson.text(json, "accountIdGuid");
    return new DocuSignApiAccount(
        guid != null && !guid.isEmpty() ? guid : requestedId,
        ApiJson.requiredText(json, "accountName", "DocuSign's account information"),
        ApiJson.text(json, "planName"),
        ApiJson.instant(json, "createdDate"));
  }
}
