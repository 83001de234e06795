package io.signlink.spring.web;

import io.signlink.http.BearerChallenge;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the connection's token with every {@code RestClient}/{@code RestTemplate} request and runs
 * it under {@link BearerTokens#exchange}: a 401 that refuses the token is refreshed once and the
 * request sent once more; a second 401, a 403 and every other answer reach the client's status
 * handlers unchanged. Spring hands interceptors the request body as a byte array it has already
 * buffered, so every request can be replayed; the refused response is closed before the retry.
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *     .requestInterceptor(new BearerTokenRequestInterceptor(connectionTokens))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class BearerTokenRequestInterceptor implements ClientHttpRequestInterceptor {
  private final BearerTokens tokens;

  public BearerTokenRequestInterceptor(BearerTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  @Override
  public ClientHttpResponse intercept(
      HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
    return tokens.exchange(
        new BearerTokens.Exchange<ClientHttpResponse, IOException>() {
          @Override
          public ClientHttpResponse send(Secret token) throws IOException {
            request.getHeaders().setBearerAuth(token.reveal());
            return execution.execute(request, body);
          }

          @Override
          public boolean refusesToken(ClientHttpResponse response) {
            try {
              return BearerChallenge.refusesToken(
                  response.getStatusCode().value(),
                  response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE));
            } catch (IOException e) {
              return false; // no status to judge: hand the response to the client as it is
            }
          }

          @Override
          public void discard(ClientHttpResponse response) {
            response.close();
          }
        });
  }

  @Override
  public String toString() {
    return "BearerTokenRequestInterceptor[" + tokens + "]";
  }
}
