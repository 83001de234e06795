package io.signlink.cli.login;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opens the system browser: {@code java.awt.Desktop} where the platform supports it, else {@code
 * open} (macOS), {@code rundll32} (Windows) or {@code xdg-open} (Linux and BSDs). AWT is touched
 * only when a browser is really needed, and never on a headless machine, so the CLI starts fast.
 * Thread-safe (stateless).
 */
public final class SystemBrowser implements BrowserOpener {
  private final Map<String, String> env;

  public SystemBrowser(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public boolean open(URI uri) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    boolean linuxLike = !os.contains("mac") && !os.contains("win");
    if (linuxLike && env.get("DISPLAY") == null && env.get("WAYLAND_DISPLAY") == null) {
      return false; // No graphical session (SSH, container): print the URL instead.
    }
    if (openWithDesktop(uri)) {
      return true;
    }
    List<String> command =
        os.contains("mac")
            ? List.of("open", uri.toString())
            : os.contains("win")
                ? List.of("rundll32", "url.dll,FileProtocolHandler", uri.toString())
                : List.of("xdg-open", uri.toString());
    try {
      new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean openWithDesktop(URI uri) {
    try {
      if (java.awt.GraphicsEnvironment.isHeadless()
          || !java.awt.Desktop.isDesktopSupported()
          || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        return false;
      }
      java.awt.Desktop.getDesktop().browse(uri);
      return true;
    } catch (IOException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
