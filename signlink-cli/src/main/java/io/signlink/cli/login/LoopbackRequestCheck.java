package io.signlink.cli.login;

import java.net.URI;

/**
 * The checks a request must pass before the loopback listener even looks at its {@code state}
 * (SECURITY.md §cli-loopback). Kept apart from the socket code so each rule is one line. Stateless.
 */
final class LoopbackRequestCheck {

  /** The first rule a request breaks, with the status it is answered with. */
  enum Verdict {
    OK(200),
    /** Only GET: the authorization response comes as a redirect (RFC 6749 §4.1.2). */
    WRONG_METHOD(405),
    /** Only the exact redirect path; anything else is not ours. */
    WRONG_PATH(404),
    /**
     * {@code Host} must be {@code 127.0.0.1:{port}}: a page that rebinds a DNS name to 127.0.0.1
     * sends its own host name here (DNS-rebinding defence, SECURITY.md §cli-loopback).
     */
    WRONG_HOST(400),
    /** A browser navigation carries no {@code Origin}; a script on some web page does. */
    CROSS_ORIGIN(403),
    /** State missing, duplicated or not the pending one. */
    BAD_STATE(400);

    private final int status;

    Verdict(int status) {
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private LoopbackRequestCheck() {}

  static Verdict check(
      String method, URI uri, String host, String origin, String expectedHost, String path) {
    if (!"GET".equals(method)) {
      return Verdict.WRONG_METHOD;
    }
    if (!path.equals(uri.getRawPath())) {
      return Verdict.WRONG_PATH;
    }
    if (!expectedHost.equals(host)) {
      return Verdict.WRONG_HOST;
    }
    if (origin != null) {
      return Verdict.CROSS_ORIGIN;
    }
    return Verdict.OK;
  }
}
