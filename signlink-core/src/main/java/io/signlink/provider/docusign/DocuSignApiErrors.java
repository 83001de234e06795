package io.signlink.provider.docusign;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.provider.api.ApiError;
import io.signlink.provider.api.ApiErrorReader;
import io.signlink.provider.api.ApiJson;
import java.util.Optional;

/**
 * DocuSign's eSignature REST error body: {@code {"errorCode": "USER_AUTHENTICATION_FAILED",
 * "message": "..."}} (the {@code ErrorDetails} model of the v2.1 API). Named {@code docusign} in
 * provider definitions ({@code errors.reader}). Stateless and thread-safe.
 */
public final class DocuSignApiErrors implements ApiErrorReader {

  @Override
  public Optional<ApiError> read(JsonNode body) {
    String code = ApiJson.text(body, "errorCode");
    String message = ApiJson.text(body, "message");
    return code == null && message == null
        ? Optional.empty()
        : Optional.of(new ApiError(code, message));
  }
}
