package io.signlink.connection;

/**
 * Receives connection events. Called on the thread that caused the event, after the change was
 * committed; implementations must be quick and must not throw (hand work to an executor).
 */
@FunctionalInterface
public interface ConnectionEventListener {
  void onEvent(ConnectionEvent event);
}
