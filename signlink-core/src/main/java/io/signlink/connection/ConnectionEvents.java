package io.signlink.connection;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans connection events out to registered listeners. Two kinds: <em>recorders</em> write the event
 * into the connection store's own database (the store's {@link EventLog}, the webhook outbox) and,
 * for a change made through {@link #afterWrite}, run inside that change's transaction, so the
 * change and its records commit together or not at all (SECURITY.md §durable-webhooks);
 * <em>listeners</em> (metrics, an application's own) hear the event after the commit. A listener or
 * recorder that throws is logged by its class and the event type, never with the exception's
 * message (which could quote a token), and the others still run (SECURITY.md §redaction,
 * §security-events). Thread-safe: both may be added and removed while events are dispatched.
 */
public final class ConnectionEvents implements ConnectionEventListener {
  private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);
  private final List<ConnectionEventListener> recorders = new CopyOnWriteArrayList<>();
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener, called after the change is committed; close the handle to remove it. */
  public AutoCloseable register(ConnectionEventListener listener) {
    return add(listeners, listener);
  }

  /**
   * Adds a recorder: a listener whose writes go to the connection store's database and so belong in
   * the transaction of the change that caused the event (see the class). It must not call anything
   * but that database; close the handle to remove it.
   */
  public AutoCloseable registerRecorder(ConnectionEventListener recorder) {
    return add(recorders, recorder);
  }

  /**
   * Delivers {@code event} to every recorder and then every listener, in registration order, on the
   * calling thread.
   */
  @Override
  public void onEvent(ConnectionEvent event) {
    deliver(recorders, event);
    deliver(listeners, event);
  }

  /**
   * Runs {@code write} and the recorders of the events it causes in one transaction of {@code
   * store}, then tells the listeners once it has committed. When the write or the commit fails,
   * nothing is recorded and no listener hears anything.
   */
  @Override
  public <T> T afterWrite(
      ConnectionStore store,
      Supplier<T> write,
      Function<? super T, List<ConnectionEvent>> eventsOf) {
    AtomicReference<List<ConnectionEvent>> caused = new AtomicReference<>(List.of());
    T result =
        store.atomically(
            () -> {
              T r = write.get();
              List<ConnectionEvent> events = eventsOf.apply(r);
              events.forEach(e -> deliver(recorders, e));
              caused.set(events);
              return r;
            });
    caused.get().forEach(e -> deliver(listeners, e));
    return result;
  }

  /** How many listeners and recorders are registered. */
  public int size() {
    return recorders.size() + listeners.size();
  }

  private static AutoCloseable add(
      List<ConnectionEventListener> to, ConnectionEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    to.add(listener);
    return () -> to.remove(listener);
  }

  private static void deliver(List<ConnectionEventListener> to, ConnectionEvent event) {
    for (ConnectionEventListener l : to) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        log.warn(
            "Connection event listener {} failed on {} for connection {}: {}",
            l.getClass().getName(),
            event.type().wireName(),
            event.connectionId(),
            e.getClass().getName());
      }
    }
  }
}
