package io.signlink.store.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.signlink.error.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Reading, creating and atomically writing Tink AEAD keysets (cleartext JSON, protected by file
 * permissions 0600 and kept outside the database, SECURITY.md §key-management). Stateless and
 * thread-safe; concurrent writers of one file are serialised by the caller.
 */
public final class Keysets {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private Keysets() {}

  /** A new keyset with one AES-256-GCM key. */
  public static KeysetHandle generate() {
    try {
      AeadConfig.register();
      return KeysetHandle.generateNew(
          PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink could not generate an AES-256-GCM key", e);
    }
  }

  /** The keyset plus a new AES-256-GCM key made primary; the old keys stay for decryption. */
  public static KeysetHandle withNewPrimary(KeysetHandle keyset) throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(keyset);
    b.addEntry(
        KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
            .withRandomId()
            .makePrimary()
            .setStatus(KeyStatus.ENABLED));
    return b.build();
  }

  /** The keyset reduced to its primary key. */
  public static KeysetHandle primaryOnly(KeysetHandle keyset) throws GeneralSecurityException {
    KeysetHandle.Builder b = KeysetHandle.newBuilder(keyset);
    for (int i = b.size() - 1; i >= 0; i--) {
      if (!b.getAt(i).isPrimary()) {
        b.deleteAt(i);
      }
    }
    return b.build();
  }

  /** Parses a JSON keyset, or base64 of one (handy for environment variables). */
  public static KeysetHandle parse(String text, String source) {
    String json = text.strip();
    if (!json.startsWith("{")) {
      try {
        json = new String(Base64.getMimeDecoder().decode(json), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalid(source, "it is neither JSON nor base64 of JSON", null);
      }
    }
    try {
      AeadConfig.register();
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeyset(
              json, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
      TokenCipher.material(handle); // proves it is an AEAD keyset with a primary key
      return handle;
    } catch (GeneralSecurityException | RuntimeException e) {
      // No cause attached: parser messages may quote parts of the keyset.
      throw invalid(
          source,
          "it is not a Tink AEAD keyset in JSON with a primary key ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
  }

  /** Reads and validates a keyset file. */
  public static KeysetHandle read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw invalid(
          "keyset file " + file.toAbsolutePath(),
          "it cannot be read (" + e.getClass().getSimpleName() + ")",
          e);
    }
    return parse(text, "keyset file " + file.toAbsolutePath());
  }

  /** The keyset as JSON (contains the secret keys: write it only to a 0600 file). */
  public static String toJson(KeysetHandle keyset) {
    try {
      AeadConfig.register();
      return TinkJsonProtoKeysetFormat.serializeKeyset(
          keyset, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink could not serialise the keyset", e);
    }
  }

  /**
   * Writes the keyset to {@code file} atomically: a 0600 temporary file in the same folder, synced,
   * then renamed over the target, so a crash leaves either the old or the new keyset, never half of
   * one.
   */
  public static void writeAtomically(KeysetHandle keyset, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + HexFormat.of().formatHex(random));
    try {
      createOwnerOnly(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(toJson(keyset).getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes a brand-new keyset file; refuses to overwrite an existing one (SECURITY.md §encryption).
   */
  public static KeysetHandle createFile(Path file) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "a keyset file is never overwritten");
    }
    KeysetHandle keyset = generate();
    writeAtomically(keyset, file);
    return keyset;
  }

  private static void createOwnerOnly(Path path) throws IOException {
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(path); // not a POSIX file system (Windows): rely on the folder's ACL
    }
  }

  static StoreException invalid(String source, String why, Throwable cause) {
    return new StoreException(
        StoreException.Kind.KEYSET_INVALID,
        "The "
            + source
            + " is unusable: "
            + why
            + ". Supply the Tink AEAD keyset this database was created with (SIGNLINK_KEYSET_FILE or"
            + " SIGNLINK_KEYSET); SignLink changed nothing.",
        cause);
  }
}
