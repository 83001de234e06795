package io.signlink.server.console;

import static io.signlink.server.http.Html.esc;

import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStatus;
import io.signlink.provider.Provider;
import io.signlink.provider.definition.DefinitionSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.server.http.Html;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Renders the console's pages; every dynamic value goes through {@link Html#esc}. Stateless. */
final class ConsolePages {
  private ConsolePages() {}

  static String index(
      List<Connection> connections,
      Collection<Provider> providers,
      Collection<ProviderDefinition> definitions,
      String csrf,
      Optional<Map.Entry<String, Boolean>> flash,
      boolean showLogout,
      Function<Connection, String> reconnectUrl) {
    StringBuilder b = new StringBuilder();
    b.append(flash(flash));
    b.append("<section class=\"card\"><h1>Connections</h1>");
    if (connections.isEmpty()) {
      b.append(
          "<p class=\"muted\" id=\"no-connections\">No connections yet. Connect a provider below.</p>");
    } else {
      b.append(
          "<table id=\"connections\"><thead><tr><th>Provider</th><th>Owner</th><th>Account</th>"
              + "<th>Status</th><th>Token expires</th><th>Last refresh</th><th>Actions</th></tr></thead><tbody>");
      for (Connection c : connections) {
        b.append("<tr data-connection-id=\"")
            .append(esc(c.id()))
            .append("\" data-status=\"")
            .append(esc(c.status().name()))
            .append("\" data-provider=\"")
            .append(esc(c.providerId()))
            .append("\">");
        b.append("<td><a href=\"/console/connections/")
            .append(esc(c.id()))
            .append("\">")
            .append(esc(c.providerId()))
            .append("</a></td>");
        b.append("<td>").append(esc(c.owner())).append("</td>");
        b.append("<td>")
            .append(esc(c.accountName() == null ? c.accountId() : c.accountName()))
            .append("<div class=\"muted\">")
            // The column says account: its id, not the provider's user id (that is on the detail
            // page).
            .append(esc(c.accountName() == null || c.accountId() == null ? "" : c.accountId()))
            .append("</div>")
            .append(
                c.accounts().size() > 1
                    ? "<a class=\"muted\" href=\"/console/connections/"
                        + esc(c.id())
                        + "#accounts\">"
                        + c.accounts().size()
                        + " accounts: choose</a>"
                    : "")
            .append("</td>");
        b.append("<td>").append(status(c)).append("</td>");
        b.append("<td>").append(expiry(c)).append("</td>");
        b.append("<td>").append(lastRefresh(c)).append("</td>");
        b.append("<td class=\"actions\">")
            .append(actions(c, csrf, reconnectUrl))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("</section>");
    b.append("<section class=\"card\"><h2>Connect a provider</h2><div class=\"connect\">");
    if (providers.isEmpty()) {
      b.append(noProvider(definitions));
    }
    for (Provider p : providers) {
      b.append("<form method=\"post\" action=\"/console/connect/")
          .append(esc(p.id()))
          .append("\">")
          .append("<input type=\"hidden\" name=\"csrf\" value=\"")
          .append(esc(csrf))
          .append("\">")
          .append(
              "<input type=\"text\" name=\"owner\" required maxlength=\"200\" placeholder=\"owner, e.g. alice@example.com\" id=\"owner-")
          .append(esc(p.id()))
          .append("\">")
          .append("<button type=\"submit\" id=\"connect-")
          .append(esc(p.id()))
          .append("\">Connect ")
          .append(esc(p.profile().displayName()))
          .append("</button></form>");
    }
    b.append("</div></section>");
    b.append("<p class=\"muted\"><a href=\"/console/webhooks\" id=\"webhooks-link\">")
        .append("Webhook deliveries</a>: waiting, delivered and given up</p>");
    return Html.page("Console", logout(showLogout, csrf) + b);
  }

  /**
   * The empty state: every defined provider's settings, from its definition (prefix and the
   * settings that turn it on, then the optional ones that choose), one compact line each.
   */
  static String noProvider(Collection<ProviderDefinition> definitions) {
    StringBuilder b =
        new StringBuilder(
            "<p class=\"muted\">No provider is configured. Set a provider's settings in the"
                + " environment and restart:</p><ul class=\"muted\" id=\"provider-settings\">");
    for (ProviderDefinition d : definitions) {
      String prefix = d.settingsPrefix();
      List<String> required = DefinitionSettings.required(d);
      List<String> optional =
          DefinitionSettings.suffixes(d).stream()
              .filter(s -> !required.contains(s))
              .filter(s -> !s.equals("ACCOUNT_URL") && !s.equals("API_URL"))
              .toList();
      b.append("<li data-provider=\"").append(esc(d.id())).append("\">");
      b.append(esc(d.displayName())).append(": ");
      for (int i = 0; i < required.size(); i++) {
        b.append(i == 0 ? "" : ", ")
            .append("<code>")
            .append(esc(i == 0 ? prefix + required.get(i) : "_" + required.get(i)))
            .append("</code>");
      }
      if (!optional.isEmpty()) {
        b.append(" (optional: ")
            .append(esc(String.join(", ", optional.stream().map(s -> "_" + s).toList())))
            .append(")");
      }
      b.append("</li>");
    }
    return b.append("</ul>").toString();
  }

  static String detail(
      Connection c,
      List<ConnectionEvent> events,
      String csrf,
      Optional<Map.Entry<String, Boolean>> flash,
      ConsentBanner banner,
      boolean showLogout,
      Function<Connection, String> reconnectUrl) {
    StringBuilder b = new StringBuilder(banner(banner)).append(flash(flash));
    b.append("<section class=\"card\" data-connection-id=\"")
        .append(esc(c.id()))
        .append("\" data-status=\"")
        .append(esc(c.status().name()))
        .append("\"><h1>")
        .append(esc(c.providerId()))
        .append(" · ")
        .append(esc(c.owner()))
        .append("</h1><dl>");
    row(b, "Connection id", "<code>" + esc(c.id()) + "</code>");
    row(
        b,
        "Status",
        status(c)
            + (c.statusReason() == null
                ? ""
                : " <span class=\"muted\">" + esc(c.statusReason()) + "</span>"));
    row(b, "Subject", esc(c.subject()));
    if (c.displayName() != null || c.email() != null) {
      row(
          b,
          "User",
          esc(c.displayName() == null ? "" : c.displayName())
              + (c.email() == null ? "" : " <span class=\"muted\">" + esc(c.email()) + "</span>"));
    }
    row(
        b,
        "Account",
        esc(c.accountName()) + " <span class=\"muted\">" + esc(c.accountId()) + "</span>");
    row(b, "API base URI", "<code>" + esc(c.baseUri()) + "</code>");
    row(b, "Scopes", esc(String.join(" ", new java.util.TreeSet<>(c.scopes()))));
    row(b, "Token expires", expiry(c));
    row(b, "Last refresh", lastRefresh(c));
    row(
        b,
        "Refresh deadline",
        c.refreshDeadline() == null
            ? "<span class=\"muted\">none announced</span>"
            : time(c.refreshDeadline()));
    row(b, "Connected", time(c.createdAt()));
    // a div: a <form> inside a <p> would close the paragraph and escape its styling
    b.append("</dl><div class=\"actions\">")
        .append(actions(c, csrf, reconnectUrl))
        .append("</div></section>");
    if (!c.accounts().isEmpty()) {
      b.append(accounts(c, csrf));
    }
    b.append("<section class=\"card\"><h2>Recent events</h2>");
    if (events.isEmpty()) {
      b.append("<p class=\"muted\">None yet.</p>");
    } else {
      b.append("<table><tbody>");
      for (ConnectionEvent e : events) {
        b.append("<tr><td>")
            .append(time(e.at()))
            .append("</td><td>")
            .append(esc(e.type().wireName()))
            .append("</td><td class=\"muted\">")
            .append(esc(e.detail()))
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    b.append("</section><p><a href=\"/console\">← All connections</a></p>");
    return Html.page(c.providerId() + " connection", logout(showLogout, csrf) + b);
  }

  /**
   * The connection's provider accounts; where there are several, a button per other account makes
   * it the one API calls go to (the provider's default is only the starting point).
   */
  private static String accounts(Connection c, String csrf) {
    StringBuilder b =
        new StringBuilder(
            "<section class=\"card\" id=\"accounts\"><h2>Accounts</h2>"
                + (c.accounts().size() > 1
                    ? "<p class=\"muted\">API calls, the proxy and test calls go to the account in"
                        + " use; a reconnect keeps it.</p>"
                    : "")
                + "<table><thead><tr><th>Account</th><th>Id</th><th>Base URI</th><th></th>"
                + "</tr></thead><tbody>");
    for (Account a : c.accounts()) {
      boolean inUse = a.accountId().equals(c.accountId());
      b.append("<tr data-account-id=\"")
          .append(esc(a.accountId()))
          .append("\"><td>")
          .append(esc(a.accountName()))
          .append(a.isDefault() ? " <span class=\"muted\">(provider's default)</span>" : "")
          .append("</td><td><code>")
          .append(esc(a.accountId()))
          .append("</code></td><td><code>")
          .append(esc(a.baseUri()))
          .append("</code></td><td class=\"actions\">");
      if (inUse) {
        b.append("<span class=\"status ACTIVE in-use\">in use</span>");
      } else if (c.accounts().size() > 1) {
        b.append(
            "<form method=\"post\" action=\"/console/connections/"
                + esc(c.id())
                + "/account\"><input type=\"hidden\" name=\"csrf\" value=\""
                + esc(csrf)
                + "\"><input type=\"hidden\" name=\"account_id\" value=\""
                + esc(a.accountId())
                + "\"><button type=\"submit\" class=\"secondary\" name=\"use-account\">Use this"
                + " account</button></form>");
      }
      b.append("</td></tr>");
    }
    return b.append("</tbody></table></section>").toString();
  }

  /**
   * The page a browser without its console cookie gets back from the provider: one link to the
   * connection's page, which sends the cookie because SignLink's own page starts it. Shows nothing
   * of the connection.
   */
  static String afterConsent(String connectionId, String consent) {
    String href =
        "/console/connections/"
            + java.net.URLEncoder.encode(connectionId, java.nio.charset.StandardCharsets.UTF_8)
            + "?"
            + ConsentBanner.PARAM
            + "="
            + ("reconnected".equals(consent) ? "reconnected" : "connected");
    return Html.page(
        "Sign-in finished",
        "<section class=\"card\" id=\"after-consent\"><h1>Sign-in finished</h1><p>The provider"
            + " sent you back to SignLink.</p><p><a class=\"button\" id=\"open-connection\""
            + " href=\""
            + esc(href)
            + "\">Open the connection in the console</a></p></section>");
  }

  static String login(String error) {
    return Html.page(
        "Sign in",
        "<section class=\"card\"><h1>Sign in to the SignLink console</h1>"
            + (error == null ? "" : "<div class=\"flash error\">" + esc(error) + "</div>")
            + "<p class=\"muted\">Paste an API key (create one with <code>signlink keys create</code>)."
            + "</p><form method=\"post\" action=\"/console/login\">"
            + "<input type=\"password\" name=\"api_key\" autocomplete=\"off\" required placeholder=\"sk_…\">"
            + " <button type=\"submit\">Sign in</button></form></section>");
  }

  private static String actions(
      Connection c, String csrf, Function<Connection, String> reconnectUrl) {
    String base = "/console/connections/" + esc(c.id());
    StringBuilder b = new StringBuilder();
    if (c.status() == ConnectionStatus.REAUTH_REQUIRED) {
      b.append(post(base + "/reconnect", csrf, "Reconnect", "", "reconnect"));
    } else {
      b.append(post(base + "/refresh", csrf, "Refresh", "secondary", "refresh"));
      b.append(post(base + "/test", csrf, "Test call", "secondary", "test"));
    }
    b.append(post(base + "/revoke", csrf, "Revoke", "danger", "revoke"));
    return b.toString();
  }

  private static String post(String action, String csrf, String label, String cls, String name) {
    return "<form method=\"post\" action=\""
        + action
        + "\"><input type=\"hidden\" name=\"csrf\" value=\""
        + esc(csrf)
        + "\"><button type=\"submit\" class=\""
        + cls
        + "\" name=\""
        + name
        + "\">"
        + esc(label)
        + "</button></form> ";
  }

  private static String logout(boolean show, String csrf) {
    return show
        ? "<form method=\"post\" action=\"/console/logout\" class=\"logout\">"
            + "<input type=\"hidden\" name=\"csrf\" value=\""
            + esc(csrf)
            + "\">"
            + "<button type=\"submit\" class=\"secondary\">Sign out</button></form>"
        : "";
  }

  private static String banner(ConsentBanner banner) {
    return banner == null
        ? ""
        : "<div class=\"flash banner\" id=\"banner\" role=\"status\" data-consent=\""
            + (banner.reconnected() ? "reconnected" : "connected")
            + "\">"
            + esc(banner.text())
            + "</div>";
  }

  private static String flash(Optional<Map.Entry<String, Boolean>> flash) {
    return flash
        .map(
            f ->
                "<div class=\"flash"
                    + (f.getValue() ? " error" : "")
                    + "\" id=\"flash\">"
                    + esc(f.getKey())
                    + "</div>")
        .orElse("");
  }

  private static String status(Connection c) {
    String s = c.status().name();
    return "<span class=\"status "
        + s
        + "\">"
        + esc(s.toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        + "</span>";
  }

  private static String expiry(Connection c) {
    if (c.tokens() == null) {
      return "<span class=\"muted\">unreadable</span>";
    }
    if (c.status() != io.signlink.connection.ConnectionStatus.ACTIVE) {
      return "<span class=\"muted\">—</span>"; // no countdown for a token nobody will refresh
    }
    Instant at = c.tokens().accessExpiresAt();
    return "<time class=\"countdown\" datetime=\""
        + esc(at.toString())
        + "\">"
        + esc(at.toString())
        + "</time>";
  }

  private static String lastRefresh(Connection c) {
    return "<span class=\"last-refresh\">" + time(c.lastRefreshedAt()) + "</span>";
  }

  private static String time(Instant t) {
    return t == null
        ? "<span class=\"muted\">never</span>"
        : "<time datetime=\""
            + esc(t.toString())
            + "\">"
            + esc(t.toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"))
            + "</time>";
  }

  private static void row(StringBuilder b, String name, String valueHtml) {
    b.append("<dt>").append(esc(name)).append("</dt><dd>").append(valueHtml).append("</dd>");
  }
}
