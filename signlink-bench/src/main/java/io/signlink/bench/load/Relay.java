package io.signlink.bench.load;

import java.io.IOException;
import java.net.URI;

/** A relay the proxy rows are read against, in front of the emulator for one run. */
interface Relay extends AutoCloseable {
  /** {@code uri} with this relay's scheme, host and port. */
  URI through(URI uri);

  @Override
  void close() throws IOException;
}
