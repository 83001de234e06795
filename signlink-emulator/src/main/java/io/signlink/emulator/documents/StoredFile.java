package io.signlink.emulator.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One document's bytes: a temp file written on upload, or a deterministic generated stream of a
 * given size (see {@link GeneratedBytes}). Immutable and thread-safe; {@link #open()} gives each
 * reader its own stream.
 *
 * @param name the file name the uploader gave
 * @param contentType the media type served on download
 * @param file the temp file, or {@code null} for a generated document
 * @param size the number of bytes
 * @param seed the generator seed when {@code file} is {@code null}
 */
public record StoredFile(String name, String contentType, Path file, long size, long seed) {

  public StoredFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentType, "contentType");
  }

  /** A generated document of {@code size} bytes. */
  public static StoredFile generated(String name, long size, long seed) {
    return new StoredFile(name, "application/pdf", null, size, seed);
  }

  public InputStream open() throws IOException {
    return file == null ? GeneratedBytes.stream(size, seed) : Files.newInputStream(file);
  }
}
