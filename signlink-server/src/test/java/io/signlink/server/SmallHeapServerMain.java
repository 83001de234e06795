package io.signlink.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs a {@link TestSignLink} (emulator, server, one DocuSign connection) in a child JVM started by
 * {@link RequestBodyCapTest} with a small {@code -Xmx}. Prints {@code READY port connectionId
 * adminKey} on one line (among log lines), then for each line read from stdin prints {@code PEAK}
 * and the peak heap used so far (bytes, all heap pools); exits when stdin closes.
 */
public final class SmallHeapServerMain {
  private SmallHeapServerMain() {}

  public static void main(String[] args) throws IOException {
    try (TestSignLink sl = TestSignLink.start(true, false)) {
      String id =
          TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "heap-owner"));
      System.out.println("READY " + sl.server.port() + " " + id + " " + TestSignLink.ADMIN_KEY);
      System.out.flush();
      resetPeaks();
      while (System.in.read() >= 0) {
        System.out.println("PEAK " + peakHeapBytes());
        System.out.flush();
      }
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
