package io.signlink.connection;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Receives connection events. Called on the thread that caused the event, after the change was
 * committed (a recorder of {@link ConnectionEvents}: inside the change's transaction);
 * implementations must be quick and must not throw (hand work to an executor).
 */
@FunctionalInterface
public interface ConnectionEventListener {
  void onEvent(ConnectionEvent event);

  /**
   * Makes a change with {@code write} and reports the events {@code eventsOf} finds in its result
   * (none: an empty list). By default the write runs first and every event goes to {@link #onEvent}
   * after it; {@link ConnectionEvents} records them durably inside the write's own transaction
   * instead, so a crash cannot keep the change and lose its events.
   */
  default <T> T afterWrite(
      ConnectionStore store,
      Supplier<T> write,
      Function<? super T, List<ConnectionEvent>> eventsOf) {
    T result = write.get();
    eventsOf.apply(result).forEach(this::onEvent);
    return result;
  }
}
