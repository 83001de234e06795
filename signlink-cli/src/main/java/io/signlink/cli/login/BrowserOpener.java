package io.signlink.cli.login;

import java.net.URI;

/**
 * Opens a URL in the user's own browser (RFC 8252 §8.12: never an embedded web view SECURITY.md
 * §cli-loopback). A seam: tests replace it with a scripted browser. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface BrowserOpener {

  /**
   * Tries to open {@code uri}; returns false when no browser could be started, in which case the
   * caller prints the URL for the user to open by hand.
   */
  boolean open(URI uri);

  /** Opens nothing ({@code --no-browser}). */
  static BrowserOpener none() {
    return uri -> false;
  }
}
