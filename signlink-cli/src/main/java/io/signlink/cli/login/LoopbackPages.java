package io.signlink.cli.login;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The pages the browser sees at the end of a terminal login. All are static text: nothing from the
 * request is echoed back, no script, no third-party content, and the headers keep the URL (which
 * held the code) out of caches and referrers (SECURITY.md §callback-page, §web-headers,
 * §cli-loopback). Stateless.
 */
final class LoopbackPages {
  private LoopbackPages() {}

  static String success() {
    return page(
        "Signed in", "SignLink is connected. You can close this tab and return to the terminal.");
  }

  static String failure() {
    return page(
        "Sign-in failed",
        "SignLink could not finish the sign-in. Return to the terminal for details.");
  }

  static String alreadyHandled() {
    return page("Already handled", "This sign-in was already received. Return to the terminal.");
  }

  static String rejected(LoopbackRequestCheck.Verdict verdict) {
    if (verdict == LoopbackRequestCheck.Verdict.BAD_STATE) {
      return page("Not this sign-in", "This answer does not belong to the sign-in in progress.");
    }
    return page("Not found", "Nothing here.");
  }

  static void send(HttpExchange exchange, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "text/html; charset=utf-8");
    headers.set("Cache-Control", "no-store");
    headers.set("Pragma", "no-cache");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    if (status == 405) {
      headers.set("Allow", "GET");
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String page(String title, String text) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + title
        + " · SignLink</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>"
        + title
        + "</h1><p>"
        + text
        + "</p></body></html>";
  }
}
