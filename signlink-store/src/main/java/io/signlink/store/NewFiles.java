package io.signlink.store;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening the embedded database is about to create — the SQLite file, its journal files and
 * the data folders that do not exist yet — so that a start that fails (a wrong keyset, a corrupt
 * file next to it) can remove them again and truthfully say that nothing changed. Files that
 * existed before are never touched. Not thread-safe: one per open.
 */
final class NewFiles {
  private static final Logger LOG = LoggerFactory.getLogger(NewFiles.class);
  private static final List<String> SQLITE_SUFFIXES = List.of("", "-wal", "-shm", "-journal");

  private final List<Path> files;
  private final List<Path> folders;

  private NewFiles(List<Path> files, List<Path> folders) {
    this.files = files;
    this.folders = folders;
  }

  /**
   * Records what does not exist yet for {@code sqliteFile} (null: nothing local, nothing to do).
   */
  static NewFiles before(Path sqliteFile) {
    if (sqliteFile == null) {
      return new NewFiles(List.of(), List.of());
    }
    Path file = sqliteFile.toAbsolutePath();
    if (Files.exists(file)) {
      return new NewFiles(List.of(), List.of());
    }
    List<Path> files = new ArrayList<>();
    for (String suffix : SQLITE_SUFFIXES) {
      files.add(file.resolveSibling(file.getFileName() + suffix));
    }
    List<Path> folders = new ArrayList<>();
    for (Path dir = file.getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
      folders.add(dir); // innermost first, the order they must be removed in
    }
    return new NewFiles(files, folders);
  }

  /** Removes what was recorded as new; a folder that is not empty by now is kept. */
  void remove() {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        LOG.warn("Could not remove {} after a failed start: {}", f, e.getClass().getSimpleName());
      }
    }
    for (Path dir : folders) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        return; // something else lives there now (a generated keyset, say): keep it
      } catch (IOException e) {
        LOG.warn("Could not remove {} after a failed start: {}", dir, e.getClass().getSimpleName());
        return;
      }
    }
  }
}
