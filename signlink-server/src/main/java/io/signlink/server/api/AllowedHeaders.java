package io.signlink.server.api;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An allow-list of header names the proxy passes on, matched whatever their case; of a header sent
 * more than once only the first occurrence is passed. Found by one look-up per header present
 * rather than one scan of all headers per allowed name (a small proxied call's answer carries a
 * dozen headers and the list names fourteen). Immutable.
 */
final class AllowedHeaders {
  private final List<String> names;
  private final Map<String, Integer> index = new HashMap<>();

  /**
   * @param names lower-case header names, at most 64
   */
  AllowedHeaders(List<String> names) {
    if (names.size() > Long.SIZE) {
      throw new IllegalArgumentException("at most 64 names");
    }
    this.names = List.copyOf(names);
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i).toLowerCase(Locale.ROOT), i);
    }
  }

  List<String> names() {
    return names;
  }

  /** The lower-case name at {@code position}. */
  String name(int position) {
    return names.get(position);
  }

  /** The position of {@code name} (any case) in the list, or -1. */
  int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      i = index.get(name.toLowerCase(Locale.ROOT));
    }
    return i == null ? -1 : i;
  }

  /**
   * Collects the first occurrence of each allowed header; {@link #offer} says whether to pass it.
   */
  static final class FirstOnly {
    private final AllowedHeaders allowed;
    private long seen;

    FirstOnly(AllowedHeaders allowed) {
      this.allowed = allowed;
    }

    /** The lower-case allowed name of a header met for the first time, else {@code null}. */
    String offer(String name) {
      int i = allowed.indexOf(name);
      if (i < 0 || (seen & (1L << i)) != 0) {
        return null;
      }
      seen |= 1L << i;
      return allowed.name(i);
    }
  }
}
