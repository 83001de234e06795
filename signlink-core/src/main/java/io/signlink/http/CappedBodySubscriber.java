package io.signlink.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects a response body up to a byte cap and cancels the subscription, which closes the
 * connection, as soon as the cap is passed: an endless or huge body costs at most {@code cap} bytes
 * of memory plus one network buffer (SECURITY.md §token-response). Requests one buffer list at a
 * time, so the client cannot read ahead. Used by one exchange only; the reactive-streams contract
 * serialises its callbacks.
 */
final class CappedBodySubscriber implements BodySubscriber<byte[]> {

  /** Marks a body that passed the cap; carries no content. */
  static final class OversizedBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    OversizedBodyException(long cap) {
      super("response body exceeds " + cap + " bytes");
    }
  }

  private final long cap;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private long received;

  CappedBodySubscriber(long cap) {
    this.cap = cap;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.compareAndSet(null, s)) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      received += n;
      if (received > cap) {
        buffer.reset();
        subscription.get().cancel();
        result.completeExceptionally(new OversizedBodyException(cap));
        return;
      }
      byte[] chunk = new byte[n];
      item.get(chunk);
      buffer.write(chunk, 0, n);
    }
    subscription.get().request(1);
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  /** Stops reading (deadline passed); safe to call at any time and more than once. */
  void abort(Throwable reason) {
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(reason);
  }
}
