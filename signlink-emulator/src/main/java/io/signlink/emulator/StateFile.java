package io.signlink.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.signlink.emulator.oauth.Clients;
import io.signlink.emulator.oauth.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an emulator's grants and tokens in a JSON file, so a restarted demo keeps honouring the
 * refresh tokens SignLink stored — the way a real provider remembers its grants across SignLink's
 * restarts. Saved every two seconds while running and on close, atomically, owner-only.
 * Thread-safe.
 */
final class StateFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

  private final Path file;
  private final TokenStore store;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final ScheduledExecutorService saver =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "emulator-state");
            t.setDaemon(true);
            return t;
          });

  private StateFile(Path file, TokenStore store) {
    this.file = file;
    this.store = store;
  }

  /** Loads {@code file} into {@code store} if it exists, then saves periodically. */
  static StateFile open(
      Path file,
      TokenStore store,
      Clients clients,
      BiFunction<String, String, Optional<SeedUser>> users) {
    StateFile state = new StateFile(file.toAbsolutePath(), store);
    if (Files.exists(state.file)) {
      try {
        store.restore(
            state.json.readValue(state.file.toFile(), TokenStore.Snapshot.class), clients, users);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "the emulator state file " + state.file + " cannot be read; delete it to start afresh",
            e);
      }
    }
    state.saver.scheduleWithFixedDelay(state::saveQuietly, 2, 2, TimeUnit.SECONDS);
    return state;
  }

  synchronized void save() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    json.writeValue(tmp.toFile(), store.snapshot());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void saveQuietly() {
    try {
      save();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not save the emulator state to {}: {}", file, e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    saver.shutdownNow();
    saveQuietly();
  }
}
