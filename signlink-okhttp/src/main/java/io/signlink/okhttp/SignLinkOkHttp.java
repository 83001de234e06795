package io.signlink.okhttp;

import io.signlink.provider.api.BearerTokens;
import okhttp3.OkHttpClient;

/**
 * Plugs a SignLink token source into an {@link OkHttpClient}:
 *
 * <pre>{@code
 * OkHttpClient http = SignLinkOkHttp.install(new OkHttpClient.Builder(),
 *     new ConnectionBearerTokens(tokenManager, connectionId)).build();
 * }</pre>
 *
 * <p>One client per connection: the token source is the connection's. Stateless.
 */
public final class SignLinkOkHttp {
  private SignLinkOkHttp() {}

  /**
   * Adds {@link BearerTokenInterceptor} (as an application interceptor, so it runs once per call)
   * and {@link BearerTokenAuthenticator} to {@code builder}, replacing any authenticator it had.
   */
  public static OkHttpClient.Builder install(OkHttpClient.Builder builder, BearerTokens tokens) {
    return builder
        .addInterceptor(new BearerTokenInterceptor(tokens))
        .authenticator(new BearerTokenAuthenticator(tokens));
  }
}
