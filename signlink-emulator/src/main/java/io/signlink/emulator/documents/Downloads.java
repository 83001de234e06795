package io.signlink.emulator.documents;

import io.javalin.http.Context;
import io.signlink.emulator.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Serves stored documents as a binary download: the files one after another (the emulator's
 * stand-in for a combined PDF), with {@code Content-Length}, the given {@code Content-Disposition},
 * and a 64 KiB buffer, so a document of any size passes without being held. Honours {@link
 * Faults#truncateNextDownload}. Stateless.
 */
public final class Downloads {
  private Downloads() {}

  public static void send(
      Context ctx, List<StoredFile> files, String contentType, String disposition, Faults faults)
      throws IOException {
    long total = files.stream().mapToLong(StoredFile::size).sum();
    long stopAt = faults.takeDownloadTruncation();
    ctx.status(200);
    ctx.res().setContentType(contentType);
    ctx.res().setHeader("Content-Disposition", disposition);
    ctx.res().setContentLengthLong(total);
    OutputStream out = ctx.res().getOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long sent = 0;
    for (StoredFile f : files) {
      try (InputStream in = f.open()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (stopAt >= 0 && sent + n > stopAt) {
            out.write(buffer, 0, (int) (stopAt - sent));
            out.flush();
            ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletChannel()
                .getEndPoint()
                .close(new IOException("emulated provider failure mid-download"));
            return;
          }
          out.write(buffer, 0, n);
          sent += n;
        }
      }
    }
  }
}
