package io.signlink.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points out {@code SIGNLINK_*} variables that no part of SignLink reads — almost always a typo
 * ({@code SIGNLINK_PROT}) or a setting of another version — with the nearest known name, so a
 * setting that silently does nothing cannot pass unnoticed. A warning, not a refusal: scripts may
 * set variables for other tools. Stateless.
 */
final class UnknownSettings {
  private static final Logger LOG = LoggerFactory.getLogger(UnknownSettings.class);

  /** Read outside the configuration loader: by the CLI, its launcher, the store, or the tests. */
  static final Set<String> READ_ELSEWHERE =
      Set.of(
          "SIGNLINK_CONFIG",
          "SIGNLINK_LOG_LEVEL",
          "SIGNLINK_LOG_FORMAT",
          "SIGNLINK_OWNER",
          "SIGNLINK_DB_POOL_SIZE",
          "SIGNLINK_JAVA",
          "SIGNLINK_CDS_DIR",
          "SIGNLINK_CDS",
          "SIGNLINK_TEST_PG_URL");

  private UnknownSettings() {}

  /**
   * The unknown names among {@code present}, each with its suggestion, e.g. "SIGNLINK_PROT (…)".
   */
  static List<String> find(Set<String> present, Set<String> known) {
    Set<String> all = new TreeSet<>(known);
    all.addAll(READ_ELSEWHERE);
    List<String> unknown = new ArrayList<>();
    for (String name : present) {
      if (!name.startsWith("SIGNLINK_") || all.contains(name)) {
        continue;
      }
      String nearest = nearest(name, all);
      unknown.add(name + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
    }
    return unknown;
  }

  static void report(Set<String> present, Set<String> known) {
    for (String line : find(present, known)) {
      LOG.warn("Unknown setting {} is ignored", line);
    }
  }

  private static String nearest(String name, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 6) ? best : null;
  }

  /** Levenshtein distance, two rows. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
