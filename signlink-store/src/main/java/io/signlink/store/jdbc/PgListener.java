package io.signlink.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread holding one dedicated PostgreSQL connection that {@code LISTEN}s on {@link
 * ChangeFeed#CHANNEL} and hands every notification's payload (a connection id) to the feed. {@code
 * getNotifications(timeout)} returns as soon as one arrives, so other instances hear of a change
 * within milliseconds. On a broken connection it reconnects with capped backoff; changes made while
 * it was disconnected are not replayed (caches should also expire by time). Thread-safe: only its
 * own thread touches the connection.
 */
final class PgListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Database database;
  private final Consumer<String> sink;
  private final Thread thread;
  private volatile boolean running = true;
  private final Object wakeUp = new Object();
  private final java.util.concurrent.CountDownLatch listening =
      new java.util.concurrent.CountDownLatch(1);

  PgListener(Database database, Consumer<String> sink) {
    this.database = database;
    this.sink = sink;
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
    while (running) {
      try (Connection c = database.openDedicated()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + ChangeFeed.CHANNEL);
        }
        backoff = 100;
        listening.countDown();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
          if (batch == null) {
            continue;
          }
          for (PGNotification n : batch) {
            sink.accept(n.getParameter());
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn(
            "Lost the PostgreSQL change listener ({}); reconnecting in {} ms. Changes made meanwhile"
                + " by other instances are not replayed.",
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
