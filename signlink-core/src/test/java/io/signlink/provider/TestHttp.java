package io.signlink.provider;

import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal {@link HttpTransport} over the JDK client for the provider tests, so they do not depend
 * on the production transport's details. Never follows redirects. Thread-safe.
 */
public final class TestHttp implements HttpTransport {
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public HttpResult send(HttpRequest request, long maxResponseBytes) {
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (r.body().length > maxResponseBytes) {
        throw new InvalidResponseException(InvalidResponseException.Kind.OVERSIZED, "too large");
      }
      return new HttpResult(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new TransientException(
          TransientException.Kind.CONNECTION_FAILED, "unreachable: " + e, null, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException(TransientException.Kind.TIMEOUT, "interrupted", null, true, e);
    }
  }
}
