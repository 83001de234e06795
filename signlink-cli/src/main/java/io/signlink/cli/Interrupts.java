package io.signlink.cli;

/**
 * Where Ctrl-C is heard. The system implementation registers a JVM shutdown hook; tests replace it
 * to "press Ctrl-C" without killing the test JVM. Implementations are thread-safe.
 */
public interface Interrupts {

  /**
   * Runs {@code onInterrupt} when the user interrupts the process; closing the handle unregisters
   * it (a finished login must not run its clean-up again at exit).
   */
  Registration onInterrupt(Runnable onInterrupt);

  /** An unregistration handle; {@link #close()} never throws. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Shutdown hooks of this JVM (SIGINT, SIGTERM). */
  static Interrupts jvm() {
    return onInterrupt -> {
      Thread hook = new Thread(onInterrupt, "signlink-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // The hook is running or has run; nothing to undo.
        }
      };
    };
  }
}
