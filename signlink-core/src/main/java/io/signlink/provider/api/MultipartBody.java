package io.signlink.provider.api;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A {@code multipart/form-data} request body whose file parts are read from disk while it is sent,
 * never loaded whole; {@link #publisher()} gives a fresh publisher per attempt, so a call refused
 * with a 401 can be sent again (SECURITY.md §retry-on-401). The length is known, so it travels as
 * {@code Content-Length}. Immutable and thread-safe once built.
 */
public final class MultipartBody {
  private record Part(String disposition, String contentType, byte[] bytes, Path file) {}

  private final String boundary;
  private final List<Part> parts;

  private MultipartBody(String boundary, List<Part> parts) {
    this.boundary = boundary;
    this.parts = List.copyOf(parts);
  }

  public static Builder builder() {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return new Builder("signlink-" + HexFormat.of().formatHex(random));
  }

  /** {@code multipart/form-data; boundary=…}. */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** A new publisher over the parts (files are opened when it is subscribed). */
  public HttpRequest.BodyPublisher publisher() throws FileNotFoundException {
    List<HttpRequest.BodyPublisher> pieces = new ArrayList<>();
    for (Part p : parts) {
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: "
              + p.disposition()
              + (p.contentType() == null ? "" : "\r\nContent-Type: " + p.contentType())
              + "\r\n\r\n";
      pieces.add(HttpRequest.BodyPublishers.ofByteArray(head.getBytes(StandardCharsets.UTF_8)));
      pieces.add(
          p.file() == null
              ? HttpRequest.BodyPublishers.ofByteArray(p.bytes())
              : HttpRequest.BodyPublishers.ofFile(p.file()));
      pieces.add(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'\r', '\n'}));
    }
    pieces.add(
        HttpRequest.BodyPublishers.ofByteArray(
            ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
    return HttpRequest.BodyPublishers.concat(pieces.toArray(HttpRequest.BodyPublisher[]::new));
  }

  /** Collects parts. Not thread-safe. */
  public static final class Builder {
    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    private Builder(String boundary) {
      this.boundary = boundary;
    }

    /** A text field ({@code form-data; name="…"}). */
    public Builder field(String name, String value) {
      parts.add(
          new Part(
              "form-data; name=\"" + quoted(name) + "\"",
              null,
              value.getBytes(StandardCharsets.UTF_8),
              null));
      return this;
    }

    /** A JSON field, sent with {@code Content-Type: application/json}. */
    public Builder json(String name, String json) {
      parts.add(
          new Part(
              "form-data; name=\"" + quoted(name) + "\"",
              "application/json",
              json.getBytes(StandardCharsets.UTF_8),
              null));
      return this;
    }

    /** A file part ({@code form-data; name="…"; filename="…"}), streamed from disk. */
    public Builder file(String name, Path file, String contentType) {
      return part(
          "form-data; name=\""
              + quoted(name)
              + "\"; filename=\""
              + quoted(file.getFileName().toString())
              + "\"",
          contentType,
          file);
    }

    /** A file part with a provider-specific disposition (DocuSign: {@code file; documentid=…}). */
    public Builder part(String disposition, String contentType, Path file) {
      Objects.requireNonNull(file, "file");
      parts.add(new Part(disposition, contentType, null, file));
      return this;
    }

    public MultipartBody build() {
      return new MultipartBody(boundary, parts);
    }

    private static String quoted(String s) {
      return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }
  }
}
