package io.signlink.bench.report;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where and when the benchmarks ran, printed above the table so figures from different machines are
 * never compared by accident. Immutable.
 */
public record Machine(int cores, String jvm, String os, long maxHeapMiB, Instant date) {

  /** This JVM on this machine, now. */
  public static Machine current(Clock clock) {
    Runtime rt = Runtime.getRuntime();
    String jvm =
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")";
    String os =
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch");
    return new Machine(
        rt.availableProcessors(),
        jvm,
        os,
        rt.maxMemory() / (1024 * 1024),
        clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  public String describe() {
    return cores + " cores, " + jvm + ", " + os + ", max heap " + maxHeapMiB + " MiB, " + date;
  }
}
