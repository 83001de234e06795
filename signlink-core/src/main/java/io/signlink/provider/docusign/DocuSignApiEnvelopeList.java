package io.signlink.provider.docusign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.provider.api.ApiJson;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of {@code GET …/envelopes}. DocuSign leaves {@code envelopes} out entirely when there
 * are none, and sends its counts as strings; both are accepted. Immutable.
 *
 * @param totalSetSize how many envelopes match in all pages
 * @param nextUri the relative URI of the next page, or {@code null} on the last one
 */
public record DocuSignApiEnvelopeList(
    List<DocuSignApiEnvelope> envelopes, long totalSetSize, String nextUri) {

  public DocuSignApiEnvelopeList {
    envelopes = List.copyOf(envelopes);
    nextUri = nextUri == null || nextUri.isEmpty() ? null : nextUri;
  }

  static DocuSignApiEnvelopeList from(JsonNode json) {
    List<DocuSignApiEnvelope> envelopes = new ArrayList<>();
    for (JsonNode e : ApiJson.array(json, "envelopes")) {
      envelopes.add(DocuSignApiEnvelope.from(e));
    }
    return new DocuSignApiEnvelopeList(
        envelopes,
        ApiJson.number(json, "totalSetSize", envelopes.size()),
        ApiJson.text(json, "nextUri"));
  }
}
