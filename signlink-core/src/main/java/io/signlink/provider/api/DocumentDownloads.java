package io.signlink.provider.api;

import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.http.BearerChallenge;
import io.signlink.http.HttpResult;
import io.signlink.oauth.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;

/**
 * Streams a binary API answer (a document, a combined PDF) to a file: written to a temp file beside
 * the target and moved into place only when the whole body arrived, so a transfer cut short leaves
 * no short file behind (the JDK client reports a body shorter than its {@code Content-Length}, or a
 * chunked body without its last chunk, as an error). A 401 that refuses the token refreshes once
 * (SECURITY.md §retry-on-401); other errors are read (up to 64 KiB) and mapped like any API error.
 * Thread-safe; shares one HTTP/1.1 client per process.
 */
public final class DocumentDownloads {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private final ApiResponses responses;
  private final Duration timeout;
  private final String authScheme;

  DocumentDownloads(ApiResponses responses, Duration timeout, String authScheme) {
    this.responses = Objects.requireNonNull(responses, "responses");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.authScheme = Objects.requireNonNull(authScheme, "authScheme");
  }

  /** Downloads {@code uri} to {@code target}; returns the number of bytes written. */
  long download(URI uri, Path target, BearerTokens tokens) {
    Objects.requireNonNull(target, "target");
    Secret[] last = new Secret[1];
    Object outcome =
        tokens.call(
            token -> {
              last[0] = token;
              return attempt(uri, target, token);
            },
            r -> r instanceof HttpResult h && BearerChallenge.refusesToken(h));
    if (outcome instanceof Long written) {
      return written;
    }
    HttpResult error = (HttpResult) outcome;
    responses.json(error, last[0]); // throws the mapped API error
    throw new InvalidResponseException(
        InvalidResponseException.Kind.MALFORMED,
        describe(uri) + " answered " + error.status() + " instead of the document");
  }

  /** The byte count when the document arrived whole, else the (small) error answer. */
  private Object attempt(URI uri, Path target, Secret token) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", authScheme + " " + token.reveal())
            .header("Accept", "application/pdf, application/octet-stream, */*")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          return new HttpResult(r.statusCode(), r.headers(), in.readNBytes(MAX_ERROR_BYTES));
        }
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".signlink-download", ".part");
        try {
          long n;
          try (OutputStream out = Files.newOutputStream(temp)) {
            n = in.transferTo(out);
          }
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
          return n;
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException e) {
      throw new TransientException(
          TransientException.Kind.CONNECTION_FAILED,
          describe(uri)
              + ": the download broke off ("
              + e.getClass().getSimpleName()
              + "); nothing was saved, retry",
          null,
          false,
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException(
          TransientException.Kind.CONNECTION_FAILED,
          describe(uri) + ": the download was interrupted; nothing was saved",
          null,
          false,
          null);
    }
  }

  private static String describe(URI uri) {
    return "GET " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
  }
}
