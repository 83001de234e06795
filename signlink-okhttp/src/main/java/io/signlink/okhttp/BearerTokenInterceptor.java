package io.signlink.okhttp;

import io.signlink.provider.api.BearerTokens;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends the connection's current token ({@link BearerTokens#current()}, refreshed first when it is
 * about to expire) in the {@code Authorization} header of every call, replacing any the request
 * had. It does not retry: pair it with {@link BearerTokenAuthenticator}, which answers a refused
 * token ({@link SignLinkOkHttp#install} adds both). Thread-safe.
 */
public final class BearerTokenInterceptor implements Interceptor {
  private final BearerTokens tokens;

  public BearerTokenInterceptor(BearerTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain
            .request()
            .newBuilder()
            .header("Authorization", "Bearer " + tokens.current().reveal())
            .build());
  }

  @Override
  public String toString() {
    return "BearerTokenInterceptor[" + tokens + "]";
  }
}
