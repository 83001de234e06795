package io.signlink.spring.web;

import io.signlink.http.BearerChallenge;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the connection's token with every {@code WebClient} request under the rule of {@link
 * BearerTokens}: a 401 that refuses the token gets one refreshed token ({@link
 * BearerTokens#afterRefusal}, shared by concurrent callers), the refused response's body is
 * released and the request sent once more; a second 401, a 403 and every other answer go to the
 * caller unchanged.
 *
 * <p>A {@code WebClient} body is written again from its {@code BodyInserter} on the retry, which
 * works for values and cold publishers. A body from a one-shot source (an {@code InputStream}, a
 * hot {@code Flux}) must be marked with the {@link #STREAMED_BODY} attribute: its refusal is then
 * returned without a retry, and the token is replaced so a re-send works.
 *
 * <p>Taking a token may block while a refresh runs, so it happens on {@link
 * Schedulers#boundedElastic()}, never on the event loop. Thread-safe.
 *
 * <pre>{@code
 * WebClient client = WebClient.builder()
 *     .filter(new BearerTokenExchangeFilter(connectionTokens))
 *     .build();
 * }</pre>
 */
public final class BearerTokenExchangeFilter implements ExchangeFilterFunction {
  /** Request attribute: {@code true} when the body cannot be written a second time. */
  public static final String STREAMED_BODY =
      BearerTokenExchangeFilter.class.getName() + ".STREAMED";

  private final BearerTokens tokens;
  private final Scheduler blocking;

  public BearerTokenExchangeFilter(BearerTokens tokens) {
    this(tokens, Schedulers.boundedElastic());
  }

  /** With the scheduler that may block on the token source. */
  public BearerTokenExchangeFilter(BearerTokens tokens, Scheduler blocking) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.fromCallable(tokens::current)
        .subscribeOn(blocking)
        .flatMap(
            token ->
                next.exchange(withToken(request, token))
                    .flatMap(response -> answer(request, next, token, response)));
  }

  private Mono<ClientResponse> answer(
      ClientRequest request, ExchangeFunction next, Secret sent, ClientResponse response) {
    if (!BearerChallenge.refusesToken(
        response.statusCode().value(),
        response.headers().asHttpHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))) {
      return Mono.just(response);
    }
    boolean replayable = !Boolean.TRUE.equals(request.attribute(STREAMED_BODY).orElse(false));
    return Mono.fromCallable(() -> tokens.afterRefusal(sent, replayable))
        .subscribeOn(blocking)
        .onErrorResume(e -> response.releaseBody().then(Mono.error(e)))
        .flatMap(
            (Optional<Secret> retry) ->
                retry.isEmpty()
                    ? Mono.just(response)
                    : response.releaseBody().then(next.exchange(withToken(request, retry.get()))));
  }

  private static ClientRequest withToken(ClientRequest request, Secret token) {
    return ClientRequest.from(request).headers(h -> h.setBearerAuth(token.reveal())).build();
  }

  @Override
  public String toString() {
    return "BearerTokenExchangeFilter[" + tokens + "]";
  }
}
