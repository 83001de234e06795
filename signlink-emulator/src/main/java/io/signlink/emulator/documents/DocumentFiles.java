package io.signlink.emulator.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where uploaded document bytes go: one temp folder per emulator, one file per upload, written as
 * the bytes arrive through a size cap. Thread-safe; {@link #close()} deletes the folder.
 */
public final class DocumentFiles implements AutoCloseable {
  /** The upload grew past the emulator's document limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    public TooLarge(long limit) {
      super("document over " + limit + " bytes");
    }
  }

  private final Path dir;
  private final long maxBytes;

  public DocumentFiles(long maxBytes) {
    this.maxBytes = maxBytes;
    try {
      this.dir = Files.createTempDirectory("signlink-emulator-docs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Copies {@code in} to a new temp file; fails with {@link TooLarge} past the limit. */
  public StoredFile save(String name, String contentType, InputStream in) throws IOException {
    Path file = Files.createTempFile(dir, "doc", ".bin");
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > maxBytes) {
          throw new TooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new StoredFile(name, contentType, file, total, 0);
  }

  /** Bytes already held (a decoded base64 document). */
  public StoredFile save(String name, String contentType, byte[] bytes) throws IOException {
    if (bytes.length > maxBytes) {
      throw new TooLarge(maxBytes);
    }
    Path file = Files.createTempFile(dir, "doc", ".bin");
    Files.write(file, bytes);
    return new StoredFile(name, contentType, file, bytes.length, 0);
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the folder is in the temp area
    }
  }
}
