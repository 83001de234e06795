package io.signlink.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread holding one dedicated PostgreSQL connection that {@code LISTEN}s on {@link
 * ChangeFeed#CHANNEL} and hands every notification's payload (a connection id) to the feed. {@code
 * getNotifications(timeout)} returns as soon as one arrives, so other instances hear of a change
 * within milliseconds. On a broken connection it reconnects with capped backoff. Changes made while
 * it was disconnected are not replayed by PostgreSQL, so once {@code LISTEN} is back it runs {@code
 * missed}, and subscribers drop what they cached (SECURITY.md §cache-coherence).
 *
 * <p>A link that goes silent (a frozen network, a stopped database host) raises no error on a
 * connection that only waits for notifications, so every {@link #HEARTBEAT_MILLIS} it sends {@code
 * SELECT 1}; the connection's socket timeout ({@link Database#openDedicated()}) turns a frozen link
 * into an error and a reconnect. Thread-safe: only its own thread touches the connection.
 */
final class PgListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** How often an idle listener checks that its link still carries bytes. */
  static final long HEARTBEAT_MILLIS = 2_000;

  private final Database database;
  private final Consumer<String> sink;
  private final Runnable missed;
  private final Thread thread;
  private volatile boolean running = true;
  private final Object wakeUp = new Object();
  private final java.util.concurrent.CountDownLatch listening =
      new java.util.concurrent.CountDownLatch(1);

  PgListener(Database database, Consumer<String> sink, Runnable missed) {
    this.database = database;
    this.sink = sink;
    this.missed = missed;
    this.thread = new Thread(this::loop, "signlink-pg-listener");
    this.thread.setDaemon(true);
  }

  /**
   * Starts the thread and waits (up to {@code wait}) until {@code LISTEN} is active, so a change
   * committed after {@code subscribe} returns is not missed; false when it was not ready in time.
   */
  boolean start(java.time.Duration wait) {
    thread.start();
    try {
      return listening.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void loop() {
    long backoff = 100;
    boolean lost = false;
    while (running) {
      try (Connection c = database.openDedicated()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + ChangeFeed.CHANNEL);
        }
        backoff = 100;
        listening.countDown();
        if (lost) {
          lost = false;
          LOG.info("The PostgreSQL change listener is back; dropping cached connection state");
          missed.run();
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        long heartbeatDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
        while (running) {
          PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
          if (batch != null) {
            for (PGNotification n : batch) {
              sink.accept(n.getParameter());
            }
          }
          if (System.nanoTime() - heartbeatDue >= 0) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1");
            }
            heartbeatDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
          }
        }
        // a borrowed connection goes back to the application's pool: it must not keep listening
        try (Statement s = c.createStatement()) {
          s.execute("UNLISTEN *");
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        lost = true;
        LOG.warn(
            "Lost the PostgreSQL change listener ({}); reconnecting in {} ms. Cached connection"
                + " state is dropped once it is back, as changes made meanwhile are not replayed.",
            e.getClass().getSimpleName(),
            backoff);
        pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  /** Waits before reconnecting; {@link #close()} cuts the wait short. */
  private void pause(long millis) {
    synchronized (wakeUp) {
      try {
        wakeUp.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    try {
      thread.join(POLL_MILLIS * 3L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
