package io.signlink.okhttp;

import io.signlink.http.BearerChallenge;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import java.util.Objects;
import okhttp3.Authenticator;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.Route;

/**
 * OkHttp's answer to a 401 under the rule of {@link BearerTokens} (SECURITY.md §retry-on-401): a
 * 401 that refuses the bearer token the request carried gets the request back with the token from
 * {@link BearerTokens#afterRefusal} — one refresh shared by concurrent callers — and OkHttp sends
 * it once more. Returns {@code null} (OkHttp hands the 401 to the caller) when the request was
 * already retried after a 401 (no loop), when the 401 does not refuse the token ({@code
 * invalid_request}), when the request carried no bearer token, when the source has nothing newer,
 * and for a one-shot body ({@link RequestBody#isOneShot()}), whose token is still replaced so a
 * re-send works. OkHttp never calls it for a 403. Thread-safe.
 */
public final class BearerTokenAuthenticator implements Authenticator {
  private static final String BEARER = "Bearer ";
  private final BearerTokens tokens;

  public BearerTokenAuthenticator(BearerTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public Request authenticate(Route route, Response response) {
    if (response.code() != 401
        || retriedAfter401(response)
        || !BearerChallenge.refusesToken(response.code(), response.header("WWW-Authenticate"))) {
      return null;
    }
    Request request = response.request();
    String sent = request.header("Authorization");
    if (sent == null || !sent.startsWith(BEARER)) {
      return null;
    }
    RequestBody body = request.body();
    boolean replayable = body == null || !body.isOneShot();
    return tokens
        .afterRefusal(Secret.of(sent.substring(BEARER.length())), replayable)
        .map(fresh -> request.newBuilder().header("Authorization", BEARER + fresh.reveal()).build())
        .orElse(null);
  }

  private static boolean retriedAfter401(Response response) {
    for (Response prior = response.priorResponse(); prior != null; prior = prior.priorResponse()) {
      if (prior.code() == 401) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "BearerTokenAuthenticator[" + tokens + "]";
  }
}
