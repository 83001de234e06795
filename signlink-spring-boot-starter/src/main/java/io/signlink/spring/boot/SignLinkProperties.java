package io.signlink.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code signlink.*} properties: the same settings as the service's {@code SIGNLINK_*}
 * variables, in Spring's shape. Immutable; bound once at start-up.
 *
 * <pre>
 * signlink.public-url=https://app.example.com
 * signlink.keyset.file=/etc/app/signlink-keyset.json
 * signlink.providers.docusign.client-id=…
 * signlink.providers.docusign.client-secret=…
 * signlink.web.enabled=true
 * </pre>
 *
 * @param enabled {@code false} turns the auto-configuration off
 * @param publicUrl how browsers reach this application (scheme, host, port, and any context path);
 *     the redirect URI of a provider is {@code {public-url}{web.path}/callback/{provider}}. Must be
 *     https unless it is a loopback address.
 * @param dataDir the folder of the embedded SQLite database and of a generated keyset; defaults to
 *     {@code ~/.signlink}
 * @param store where connections are stored
 * @param keyset the Tink keyset that encrypts stored tokens
 * @param providers the e-signature and OpenID Connect providers, by id ({@code boldsign}, {@code
 *     docusign}, or any id with an {@code issuer} for a generic OpenID Connect provider)
 * @param refresh when tokens are refreshed
 * @param web the connect and callback routes in this application
 * @param eagerInit open SignLink (keyset, database, migrations, providers) while the application
 *     starts, so that a failure there stops the start; by default only the properties are checked
 *     in the start and SignLink opens right after it, on a thread of its own
 */
@ConfigurationProperties("signlink")
public record SignLinkProperties(
    @DefaultValue("true") boolean enabled,
    URI publicUrl,
    Path dataDir,
    @DefaultValue Store store,
    @DefaultValue Keyset keyset,
    Map<String, Provider> providers,
    @DefaultValue Refresh refresh,
    @DefaultValue Web web,
    @DefaultValue("false") boolean eagerInit) {

  public SignLinkProperties {
    providers = providers == null ? Map.of() : Map.copyOf(providers);
  }

  /**
   * Where connections are stored.
   *
   * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL for a pool of SignLink's own;
   *     when absent, SQLite in {@code data-dir}
   * @param useApplicationDataSource store in the application's PostgreSQL {@code DataSource} bean
   *     instead (borrowed, never closed); its current schema must be SignLink's own (empty, or
   *     holding only SignLink's tables)
   */
  public record Store(String url, @DefaultValue("false") boolean useApplicationDataSource) {
    @Override
    public String toString() {
      return "Store[url=" + (url == null ? "none" : "(set)") + "]"; // a URL may hold a password
    }
  }

  /**
   * The Tink AEAD keyset; set one of the two. With neither, a keyset is generated into {@code
   * data-dir} on first start (fine for a laptop, not for production: back it up apart from the
   * database).
   *
   * @param file a keyset file ({@code signlink keyset create --file PATH} writes one)
   * @param json the keyset's JSON itself, e.g. from a secret store
   */
  public record Keyset(Path file, String json) {
    @Override
    public String toString() {
      return "Keyset[file=" + file + ", json=" + (json == null ? "none" : "(set)") + "]";
    }
  }

  /**
   * One provider's registration. Each key is the provider's {@code SIGNLINK_<ID>_…} variable.
   *
   * @param clientId the client id (DocuSign: the integration key)
   * @param clientSecret the client secret; without one SignLink is a public client (PKCE only)
   * @param region BoldSign: {@code US}, {@code EU}, {@code CA} or {@code AU}
   * @param environment DocuSign: {@code demo} or {@code production}
   * @param scopes the scopes to ask for instead of the provider's defaults
   * @param accountUrl the authorization server's base URL instead of the provider's (an emulator)
   * @param apiUrl the API's base URL instead of the provider's (an emulator)
   * @param issuer an OpenID Connect issuer: makes this a generic OpenID Connect provider
   * @param clientAuth OpenID Connect: {@code auto}, {@code client_secret_basic} or {@code
   *     client_secret_post}
   * @param offlineAccess OpenID Connect: {@code auto}, {@code true} or {@code false}
   */
  public record Provider(
      String clientId,
      String clientSecret,
      String region,
      String environment,
      List<String> scopes,
      URI accountUrl,
      URI apiUrl,
      URI issuer,
      String clientAuth,
      String offlineAccess) {

    public Provider {
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "Provider[clientId="
          + clientId
          + ", clientSecret="
          + (clientSecret == null ? "none" : "(set)")
          + ", issuer="
          + issuer
          + "]";
    }
  }

  /**
   * When tokens are refreshed: a token is handed out while its remaining life exceeds {@code
   * min(margin, fraction × granted lifetime)}.
   *
   * @param margin at most this much remaining life triggers a refresh (1 s to 1 h); default 5 min
   * @param fraction the share of the granted lifetime (0.05 to 0.5); default 0.25
   * @param background refresh due connections in the background while the application runs
   */
  public record Refresh(
      Duration margin, Double fraction, @DefaultValue("true") boolean background) {}

  /**
   * The connect and callback routes in this application (Spring MVC).
   *
   * @param enabled serve {@code POST {path}/connect/{provider}} and {@code GET
   *     {path}/callback/{provider}}
   * @param path where the routes live, below the application's context path
   * @param successPath where the browser goes after a connection is made when the form named no
   *     {@code return_to}; {@code connection_id} is added to its query
   */
  public record Web(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("/signlink") String path,
      @DefaultValue("/") String successPath) {}
}
