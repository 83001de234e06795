package io.signlink.provider.api;

import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal {@link HttpTransport} for these tests, kept to the port's contract (no redirects, a
 * body cap, network failures as {@link TransientException}); it also counts requests.
 */
public final class TestTransport implements HttpTransport {
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final AtomicInteger sent = new AtomicInteger();

  @Override
  public HttpResult send(HttpRequest request, long maxResponseBytes) {
    sent.incrementAndGet();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
        if (body.length > maxResponseBytes) {
          throw new InvalidResponseException(
              InvalidResponseException.Kind.OVERSIZED, "response larger than the cap");
        }
        return new HttpResult(response.statusCode(), response.headers(), body);
      }
    } catch (IOException e) {
      throw new TransientException(
          TransientException.Kind.CONNECTION_FAILED, "network failure", null, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException(TransientException.Kind.TIMEOUT, "interrupted", null, true, e);
    }
  }

  public int sent() {
    return sent.get();
  }
}
