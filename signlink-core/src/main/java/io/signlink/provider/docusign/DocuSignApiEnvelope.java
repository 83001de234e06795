package io.signlink.provider.docusign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.provider.api.ApiJson;
import java.time.Instant;
import java.util.Objects;

/**
 * One envelope in a DocuSign listing. Immutable.
 *
 * @param status e.g. {@code sent}, {@code completed}, {@code voided}
 * @param emailSubject may be {@code null}
 * @param createdAt may be {@code null}
 * @param statusChangedAt may be {@code null}
 */
public record DocuSignApiEnvelope(
    String envelopeId,
    String status,
    String emailSubject,
    Instant createdAt,
    Instant statusChangedAt) {

  public DocuSignApiEnvelope {
    Objects.requireNonNull(envelopeId, "envelopeId");
  }

  static DocuSignApiEnvelope from(JsonNode json) {
    return new DocuSignApiEnvelope(
        ApiJson.requiredText(json, "envelopeId", "a DocuSign envelope"),
        ApiJson.text(json, "status"),
        ApiJson.text(json, "emailSubject"),
        ApiJson.instant(json, "createdDateTime"),
        ApiJson.instant(json, "statusChangedDateTime"));
  }
}
