package io.signlink.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers which connection changed, after the change committed. Subscribers in this
 * process are called right after the commit; on PostgreSQL the write also sends {@code NOTIFY
 * signlink_connections, '<id>'} inside its transaction (so it is delivered only if it commits) and
 * a {@link PgListener} passes other instances' notifications on. Delivery is at least once: an
 * instance also hears its own NOTIFY, so a subscriber may see an id twice.
 *
 * <p>PostgreSQL does not replay notifications sent while a listener was disconnected, so when the
 * listener gets its {@code LISTEN} back after losing it, every subscriber's {@code missed} callback
 * runs: whatever it cached may have changed unseen (SECURITY.md §cache-coherence). Thread-safe.
 */
public final class ChangeFeed implements AutoCloseable {
  /** The PostgreSQL channel every instance listens on. */
  public static final String CHANNEL = "signlink_connections";

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  private final Database database;
  private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private PgListener listener;

  public ChangeFeed(Database database) {
    this.database = database;
  }

  /** Records, inside {@code tx}, that connection {@code id} changed. */
  public void changed(Tx tx, String id) throws SQLException {
    if (database.backend() == Database.Backend.POSTGRESQL) {
      try (PreparedStatement ps = tx.connection().prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, CHANNEL);
        ps.setString(2, id);
        ps.execute();
      }
    }
    tx.afterCommit(() -> deliver(id));
  }

  /** One subscriber: what to call per changed id, and when changes may have been missed. */
  private record Subscriber(Consumer<String> changed, Runnable missed) {}

  /** Adds a subscriber; closing the handle removes it. */
  public AutoCloseable subscribe(Consumer<String> changed) {
    return subscribe(changed, () -> {});
  }

  /**
   * Adds a subscriber that is also told, through {@code missed}, when the PostgreSQL listener comes
   * back after a disconnect (changes made meanwhile were not delivered); closing the handle removes
   * it.
   */
  public synchronized AutoCloseable subscribe(Consumer<String> changed, Runnable missed) {
    Subscriber subscriber = new Subscriber(changed, missed);
    subscribers.add(subscriber);
    if (database.backend() == Database.Backend.POSTGRESQL && listener == null) {
      listener = new PgListener(database, this::deliver, this::missed);
      if (!listener.start(java.time.Duration.ofSeconds(5))) {
        LOG.warn(
            "The PostgreSQL change listener is not connected yet; it keeps trying in the background");
      }
    }
    return () -> subscribers.remove(subscriber);
  }

  void deliver(String id) {
    for (Subscriber s : subscribers) {
      try {
        s.changed().accept(id);
      } catch (RuntimeException e) {
        LOG.warn("A connection-change subscriber failed: {}", e.getClass().getName());
      }
    }
  }

  void missed() {
    for (Subscriber s : subscribers) {
      try {
        s.missed().run();
      } catch (RuntimeException e) {
        LOG.warn("A connection-change subscriber failed to resync: {}", e.getClass().getName());
      }
    }
  }

  @Override
  public synchronized void close() {
    subscribers.clear();
    if (listener != null) {
      listener.close();
      listener = null;
    }
  }
}
