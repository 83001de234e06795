package io.signlink.connection;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans connection events out to registered listeners (webhooks, metrics, the store's {@link
 * EventLog}). A listener that throws is logged by its class and the event type, never with the
 * exception's message (which could quote a token), and the other listeners still run ( SECURITY.md
 * §redaction, §security-events). Thread-safe: listeners may be added and removed while events are
 * dispatched.
 */
public final class ConnectionEvents implements ConnectionEventListener {
  private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener; close the returned handle to remove it. */
  public AutoCloseable register(ConnectionEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Delivers {@code event} to every listener, in registration order, on the calling thread. */
  @Override
  public void onEvent(ConnectionEvent event) {
    for (ConnectionEventListener l : listeners) {
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

  /** How many listeners are registered. */
  public int size() {
    return listeners.size();
  }
}
