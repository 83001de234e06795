package io.signlink.store;

import com.google.crypto.tink.KeysetHandle;
import io.signlink.error.StoreException;
import io.signlink.store.crypto.Keysets;
import io.signlink.store.jdbc.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link KeysetSource} to a keyset. A keyset is generated only for the embedded default
 * and only for a database that holds no encrypted data yet; a missing keyset for an existing
 * database is an error, never a reason to create a new one (that would orphan every stored token,
 * SECURITY.md §encryption). Stateless.
 */
final class KeysetLoading {
  private static final Logger LOG = LoggerFactory.getLogger(KeysetLoading.class);

  private KeysetLoading() {}

  static KeysetHandle load(KeysetSource source, boolean databaseHasData, String database) {
    if (source instanceof KeysetSource.InlineKeyset inline) {
      return Keysets.parse(inline.json().reveal(), source.describe());
    }
    KeysetSource.FileKeyset file = (KeysetSource.FileKeyset) source;
    Path path = file.path().toAbsolutePath();
    if (Files.exists(path)) {
      if (file.generateIfMissing()) {
        OwnerOnlyFiles.restrict(path); // SignLink's own file in the data folder
      } else {
        warnIfReadableByOthers(path); // the operator's file: maybe a read-only secret mount
      }
      return Keysets.read(path);
    }
    if (!file.generateIfMissing()) {
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "The keyset file "
              + path
              + " does not exist. Point SIGNLINK_KEYSET_FILE at the keyset "
              + database
              + " was created with, or, for a new database, create one with `signlink keyset create"
              + " --file "
              + path
              + "`.",
          null);
    }
    if (databaseHasData) {
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "The keyset file "
              + path
              + " is missing, but "
              + database
              + " already holds encrypted tokens. Restore the keyset file from your backup (or set"
              + " SIGNLINK_KEYSET_FILE / SIGNLINK_KEYSET); SignLink will not generate a new one,"
              + " which would make every stored token unreadable.",
          null);
    }
    try {
      KeysetHandle generated = Keysets.createFile(path);
      LOG.warn(
          "Generated a new encryption keyset at {} (mode 0600) for a new database. This is for local"
              + " use only: in production supply your own keyset through SIGNLINK_KEYSET_FILE or"
              + " SIGNLINK_KEYSET, keep it out of the database backups, and back it up separately:"
              + " without it the stored tokens cannot be read.",
          path);
      return generated;
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "Could not create the keyset file "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + "). Make the data folder writable or supply SIGNLINK_KEYSET_FILE.",
          e);
    }
  }

  private static void warnIfReadableByOthers(Path path) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("The keyset file {} is readable by other users; restrict it with chmod 600", path);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }
}
