package io.signlink.provider.boldsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.provider.api.ApiJson;
import java.time.Instant;
import java.util.Objects;

/**
 * One document in BoldSign's {@code /v1/document/list} (the {@code DocumentRecords.result} items;
 * BoldSign sends dates as epoch seconds). Immutable.
 *
 * @param title the document's {@code messageTitle}, may be {@code null}
 * @param status e.g. {@code InProgress}, {@code Completed}, {@code Declined}
 * @param senderEmail may be {@code null}
 * @param createdAt may be {@code null}
 * @param activityAt the last activity, may be {@code null}
 */
public record BoldSignApiDocument(
    String documentId,
    String title,
    String status,
    String senderEmail,
    Instant createdAt,
    Instant activityAt) {

  public BoldSignApiDocument {
    Objects.requireNonNull(documentId, "documentId");
  }

  static BoldSignApiDocument from(JsonNode json) {
    return new BoldSignApiDocument(
        ApiJson.requiredText(json, "documentId", "a BoldSign document"),
        ApiJson.text(json, "messageTitle"),
        ApiJson.text(json, "status"),
        ApiJson.text(json.path("senderDetail"), "emailAddress"),
        ApiJson.instant(json, "createdDate"),
        ApiJson.instant(json, "activityDate"));
  }
}
