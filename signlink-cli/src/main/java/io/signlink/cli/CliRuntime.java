package io.signlink.cli;

import io.signlink.connection.ConnectionStore;

/** Placeholder; wired when the store and engine land. */
public final class CliRuntime implements AutoCloseable {
  static CliRuntime open(CliContext context) {
    throw new UnsupportedOperationException("not wired yet");
  }

  public ConnectionStore connections() {
    throw new UnsupportedOperationException("not wired yet");
  }

  @Override
  public void close() {}
}
