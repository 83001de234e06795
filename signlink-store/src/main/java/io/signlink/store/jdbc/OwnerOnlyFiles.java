package io.signlink.store.jdbc;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SignLink's data files readable by their owner only (0600): the SQLite database with its
 * WAL, shared-memory and journal files, and the generated keyset. The umask decides the mode of a
 * file SQLite creates, and a data folder that already existed gives no protection, so each file is
 * created 0600 or tightened at every start (SECURITY.md §data-files). Where that is impossible (not
 * the owner, a read-only mount, not a POSIX file system) SignLink warns and carries on. Stateless.
 */
public final class OwnerOnlyFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /** The database file and the files SQLite keeps next to it. */
  public static Path[] sqliteFiles(Path database) {
    String name = database.getFileName().toString();
    return new Path[] {
      database,
      database.resolveSibling(name + "-wal"),
      database.resolveSibling(name + "-shm"),
      database.resolveSibling(name + "-journal")
    };
  }

  /**
   * Creates {@code file} empty and 0600 unless it exists (SQLite takes an empty file for a new
   * database, and creates its WAL and shared-memory files with the database file's mode).
   */
  public static void createIfMissing(Path file) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
    } catch (FileAlreadyExistsException e) {
      // restrict() tightens it
    } catch (UnsupportedOperationException | IOException e) {
      // not POSIX, or not creatable here: SQLite reports a real problem when it opens the file
    }
  }

  /** Sets each existing file to 0600. */
  public static void restrict(Path... files) {
    for (Path f : files) {
      try {
        if (Files.exists(f) && !Files.getPosixFilePermissions(f).equals(OWNER_RW)) {
          Files.setPosixFilePermissions(f, OWNER_RW);
        }
      } catch (UnsupportedOperationException e) {
        return; // not a POSIX file system (Windows): the folder's ACL applies
      } catch (IOException e) {
        LOG.warn(
            "{} is readable by others and could not be restricted ({}); run chmod 600 on it",
            f,
            e.getClass().getSimpleName());
      }
    }
  }
}
