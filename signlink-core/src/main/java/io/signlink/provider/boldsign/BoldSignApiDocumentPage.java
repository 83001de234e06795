package io.signlink.provider.boldsign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.error.InvalidResponseException;
import io.signlink.provider.api.ApiJson;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of BoldSign documents ({@code DocumentRecords}: {@code pageDetails} + {@code result}).
 * Immutable.
 *
 * @param page 1-based page number
 * @param totalRecords how many documents match in all pages
 */
public record BoldSignApiDocumentPage(
    int page,
    int pageSize,
    long totalRecords,
    int totalPages,
    List<BoldSignApiDocument> documents) {

  public BoldSignApiDocumentPage {
    documents = List.copyOf(documents);
  }

  static BoldSignApiDocumentPage from(JsonNode json, int page, int pageSize) {
    if (!json.isObject() || !json.has("result")) {
      throw new InvalidResponseException(
          InvalidResponseException.Kind.MALFORMED, "BoldSign's document list has no result");
    }
    List<BoldSignApiDocument> documents = new ArrayList<>();
    for (JsonNode d : ApiJson.array(json, "result")) {
      documents.add(BoldSignApiDocument.from(d));
    }
    JsonNode details = json.path("pageDetails");
    return new BoldSignApiDocumentPage(
        (int) ApiJson.number(details, "page", page),
        (int) ApiJson.number(details, "pageSize", pageSize),
        ApiJson.number(details, "totalRecordsCount", documents.size()),
        (int) ApiJson.number(details, "totalPages", 1),
        documents);
  }
}
