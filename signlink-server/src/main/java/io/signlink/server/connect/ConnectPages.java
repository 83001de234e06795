package io.signlink.server.connect;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages an end user sees around a consent flow, rendered from Mustache templates in {@code
 * io/signlink/server/connect/}: every {@code {{value}}} is HTML-escaped by the engine, so no
 * caller-supplied owner, e-mail, display name or application name can inject markup (SECURITY.md
 * §authorization-errors). The pages carry no script and no link to the operator console. Templates
 * are compiled once. Thread-safe.
 */
public final class ConnectPages {
  /** One provider the user may continue to. */
  public record Choice(String id, String name, String verb, String application, String account) {}

  /** What the confirmation page shows. */
  public record Confirmation(
      String title,
      List<Choice> providers,
      String owner,
      boolean ownerDiffers,
      String reconnectAccount,
      String session,
      String csrf) {}

  private final Mustache confirm;
  private final Mustache message;

  public ConnectPages() {
    DefaultMustacheFactory factory = new DefaultMustacheFactory("io/signlink/server/connect");
    this.confirm = factory.compile("confirm.mustache");
    this.message = factory.compile("message.mustache");
  }

  /** The confirmation page: names application, provider and account; Continue is a POST form. */
  public void confirm(Context ctx, Confirmation c) {
    Map<String, Object> m = new HashMap<>();
    m.put("title", c.title());
    m.put(
        "providers",
        c.providers().stream()
            .map(
                p -> {
                  Map<String, Object> pm = new HashMap<>();
                  pm.put("id", p.id());
                  pm.put("name", p.name());
                  pm.put("verb", p.verb());
                  pm.put("application", p.application());
                  pm.put("account", p.account());
                  pm.put("session", c.session());
                  pm.put("csrf", c.csrf());
                  return pm;
                })
            .toList());
    m.put("owner", c.owner());
    m.put("ownerDiffers", c.ownerDiffers());
    m.put("reconnect", c.reconnectAccount() != null);
    m.put("reconnectAccount", c.reconnectAccount());
    write(ctx, 200, confirm, m);
  }

  /** A page with a title, a sentence, and optionally one link onward. */
  public void message(
      Context ctx,
      int status,
      String pageId,
      String title,
      String text,
      String href,
      String label) {
    Map<String, Object> m = new HashMap<>();
    m.put("title", title);
    m.put("message", text);
    m.put("pageId", pageId);
    m.put("error", status >= 400);
    if (href != null) {
      m.put("link", Map.of("href", href, "text", label));
    }
    write(ctx, status, message, m);
  }

  private static void write(Context ctx, int status, Mustache template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    template.execute(out, model);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }
}
