package io.signlink.server.console;

import io.signlink.connection.Connection;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;

/**
 * The confirmation a console user sees on the connection's page when a consent started from the
 * console comes back: "connected" for a new connection, "reconnected" when the consent renewed one.
 * The callback adds {@code ?consent=connected|reconnected} to its redirect (a flash in the console
 * session would not do: the session cookie is SameSite=Strict, so the browser does not send it on
 * the provider's redirect). Only these two values are read, and the text is SignLink's own, so the
 * parameter cannot put anything on the page. Immutable.
 *
 * @param reconnected whether the consent renewed an existing connection
 * @param text what the banner says
 */
record ConsentBanner(boolean reconnected, String text) {
  /** The query parameter the callback sets. */
  static final String PARAM = "consent";

  /** The parameter's value for {@code created}: {@code connected} or {@code reconnected}. */
  static String value(boolean created) {
    return created ? "connected" : "reconnected";
  }

  /** Whether {@code value} is one of the parameter's two values. */
  static boolean known(String value) {
    return "connected".equals(value) || "reconnected".equals(value);
  }

  /** The banner for the parameter's value, or {@code null} when there is none to show. */
  static ConsentBanner from(String value, Connection c, ProviderRegistry providers) {
    if (value == null) {
      return null;
    }
    String provider =
        providers
            .find(c.providerId())
            .map(Provider::profile)
            .map(p -> p.displayName())
            .orElse(c.providerId());
    String account = c.accountName() != null ? c.accountName() : c.accountId();
    String of = account == null ? "" : " (account \"" + account + "\")";
    return switch (value) {
      case "connected" ->
          new ConsentBanner(
              false,
              "Connected: "
                  + provider
                  + " for "
                  + c.owner()
                  + of
                  + " is ready; SignLink keeps its tokens fresh from now on.");
      case "reconnected" ->
          new ConsentBanner(
              true,
              "Reconnected: "
                  + provider
                  + " for "
                  + c.owner()
                  + of
                  + " has new tokens; calls work again.");
      default -> null;
    };
  }
}
