package io.signlink.it.conformance;

import java.util.ArrayDeque;
import java.util.Deque;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * A route placed before mock-oauth2-server's own: while faults are queued for an endpoint (by the
 * end of its path), its next requests get them instead of the server's answer. Thread-safe.
 */
final class QueuedFaults implements Route {
  private record Fault(String pathSuffix, int status, Headers headers, String body) {}

  private final Deque<Fault> queue = new ArrayDeque<>();

  /** The next request to the endpoint ending in {@code pathSuffix} gets this answer. */
  synchronized void add(String pathSuffix, int status, Headers headers, String body) {
    queue.add(new Fault(pathSuffix, status, headers, body));
  }

  synchronized void clear() {
    queue.clear();
  }

  @Override
  public synchronized boolean match(OAuth2HttpRequest request) {
    Fault next = queue.peek();
    return next != null && request.getUrl().encodedPath().endsWith(next.pathSuffix());
  }

  @Override
  public synchronized OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    Fault f = queue.remove();
    return new OAuth2HttpResponse(f.headers(), f.status(), f.body(), null);
  }
}
