package io.signlink.application;

import io.signlink.connection.ConnectionEvent;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which connection events a webhook may receive, and which it receives when it names none. {@code
 * connection.refreshed} is sent only to a webhook that asks for it by name: it fires on every
 * refresh of every connection (about once an hour per connection) and tells a receiver nothing it
 * must act on. Immutable.
 */
public final class WebhookEvents {
  /** Every event a webhook can subscribe to, by wire name. */
  public static final Set<String> SENDABLE =
      names(
          ConnectionEvent.Type.CREATED,
          ConnectionEvent.Type.REFRESHED,
          ConnectionEvent.Type.REAUTH_REQUIRED,
          ConnectionEvent.Type.RECOVERED,
          ConnectionEvent.Type.REVOKED,
          ConnectionEvent.Type.DELETED);

  /** What a webhook with no event list receives: everything except {@code connection.refreshed}. */
  public static final Set<String> DEFAULT =
      names(
          ConnectionEvent.Type.CREATED,
          ConnectionEvent.Type.REAUTH_REQUIRED,
          ConnectionEvent.Type.RECOVERED,
          ConnectionEvent.Type.REVOKED,
          ConnectionEvent.Type.DELETED);

  private WebhookEvents() {}

  /**
   * True when a webhook subscribed to {@code chosen} (empty: the {@link #DEFAULT} set) receives
   * events named {@code wireName}.
   */
  public static boolean wants(Set<String> chosen, String wireName) {
    return chosen == null || chosen.isEmpty()
        ? DEFAULT.contains(wireName)
        : chosen.contains(wireName) && SENDABLE.contains(wireName);
  }

  /** Why {@code chosen} cannot be a webhook's event list, or {@code null} when it can. */
  public static String problem(Collection<String> chosen) {
    for (String name : chosen) {
      if (!SENDABLE.contains(name)) {
        return "unknown webhook event '"
            + name
            + "'; choose from "
            + String.join(", ", SENDABLE)
            + " (none listed: all but connection.refreshed)";
      }
    }
    return null;
  }

  private static Set<String> names(ConnectionEvent.Type... types) {
    Set<String> out = new LinkedHashSet<>();
    for (ConnectionEvent.Type t : types) {
      out.add(t.wireName());
    }
    return Collections.unmodifiableSet(out);
  }
}
