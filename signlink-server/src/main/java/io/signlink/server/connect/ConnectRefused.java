package io.signlink.server.connect;

/**
 * A finished consent that SignLink refuses to store, e.g. a reconnect signed in as a different
 * provider user. Carries the page the user sees. Thrown before anything is stored.
 */
final class ConnectRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String title;

  ConnectRefused(String title, String message) {
    super(message, null, false, false);
    this.title = title;
  }

  String title() {
    return title;
  }
}
