package io.signlink.http;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/** A received HTTP response with its whole (capped) body. Immutable. */
public record HttpResult(int status, HttpHeaders headers, byte[] body) {

  public HttpResult {
    Objects.requireNonNull(headers, "headers");
    body = body == null ? new byte[0] : body;
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    // Never print the body: it may hold tokens.
    return "HttpResult[status=" + status + ", bytes=" + body.length + "]";
  }
}
