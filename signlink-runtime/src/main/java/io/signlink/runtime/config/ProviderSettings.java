package io.signlink.runtime.config;

import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.definition.ProviderClientSettings;
import io.signlink.provider.oidc.OidcDiscovery;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The configured client of one provider. A {@code null} client secret means a public client (PKCE
 * only); {@code null} URLs mean the provider's real hosts. Every variant is a view of the generic
 * {@link ProviderClientSettings} its definition reads ({@link #client()}), which is all the
 * provider assembly looks at; {@link Defined} holds one directly, the others remain as typed
 * shortcuts for code and tests that build a configuration by hand. Immutable; {@code toString()} of
 * each record prints no secret because secrets are {@link Secret}s.
 */
public sealed interface ProviderSettings
    permits ProviderSettings.Defined,
        ProviderSettings.BoldSign,
        ProviderSettings.DocuSign,
        ProviderSettings.Oidc {

  /** The provider id used in URLs ({@code /connect/{id}}) and storage. */
  String id();

  String clientId();

  Secret clientSecret();

  /** Requested scopes; empty means the provider profile's defaults. */
  List<String> scopes();

  /** The generic settings of this client, as its definition reads them. */
  ProviderClientSettings client();

  /**
   * Any defined provider ({@code SIGNLINK_<ID>_*}), as read by {@code DefinitionSettings}.
   *
   * @param client the generic settings
   */
  record Defined(ProviderClientSettings client) implements ProviderSettings {
    public Defined {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String id() {
      return client.id();
    }

    @Override
    public String clientId() {
      return client.clientId();
    }

    @Override
    public Secret clientSecret() {
      return client.clientSecret();
    }

    @Override
    public List<String> scopes() {
      return client.scopes();
    }
  }

  /**
   * BoldSign ({@code SIGNLINK_BOLDSIGN_*}).
   *
   * @param region {@code us}, {@code eu}, {@code ca} or {@code au}
   * @param accountUrl overrides the account (authorization) server, e.g. the emulator's {@code
   *     http://127.0.0.1:PORT/boldsign}
   * @param apiUrl overrides the API root
   */
  record BoldSign(
      String clientId,
      Secret clientSecret,
      String region,
      URI accountUrl,
      URI apiUrl,
      List<String> scopes)
      implements ProviderSettings {
    public static final List<String> REGIONS = List.of("us", "eu", "ca", "au");

    public BoldSign {
      Objects.requireNonNull(clientId, "clientId");
      region = region == null ? "us" : region.toLowerCase(Locale.ROOT);
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public String id() {
      return "boldsign";
    }

    @Override
    public ProviderClientSettings client() {
      Map<String, URI> overrides = new HashMap<>();
      if (accountUrl != null) {
        overrides.put("account", accountUrl);
      }
      if (apiUrl != null) {
        overrides.put("api", apiUrl);
      }
      return new ProviderClientSettings(
          id(), id(), clientId, clientSecret, region, overrides, scopes, null, null);
    }
  }

  /**
   * DocuSign ({@code SIGNLINK_DOCUSIGN_*}).
   *
   * @param production {@code true} for {@code account.docusign.com}, else the developer host
   * @param accountUrl overrides the account server, e.g. the emulator's {@code …/docusign}
   */
  record DocuSign(
      String clientId, Secret clientSecret, boolean production, URI accountUrl, List<String> scopes)
      implements ProviderSettings {
    public DocuSign {
      Objects.requireNonNull(clientId, "clientId");
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public String id() {
      return "docusign";
    }

    @Override
    public ProviderClientSettings client() {
      return new ProviderClientSettings(
          id(),
          id(),
          clientId,
          clientSecret,
          production ? "production" : "demo",
          accountUrl == null ? Map.of() : Map.of("account", accountUrl),
          scopes,
          null,
          null);
    }
  }

  /**
   * A generic OpenID Connect provider ({@code SIGNLINK_OIDC_<NAME>_*}), found by discovery at its
   * issuer.
   *
   * @param scopes empty for the provider kind's defaults ({@code OidcDiscovery.defaultScopes})
   * @param clientAuth {@code _CLIENT_AUTH}; {@code null} to choose from discovery
   * @param offlineAccess {@code _OFFLINE_ACCESS}: whether the defaults ask for {@code
   *     offline_access}
   */
  record Oidc(
      String id,
      URI issuer,
      String clientId,
      Secret clientSecret,
      List<String> scopes,
      ClientAuthMethod clientAuth,
      OidcDiscovery.OfflineAccess offlineAccess)
      implements ProviderSettings {
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public Oidc {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(clientId, "clientId");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("OIDC provider id must match " + ID + ": " + id);
      }
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
      offlineAccess = offlineAccess == null ? OidcDiscovery.OfflineAccess.AUTO : offlineAccess;
    }

    @Override
    public ProviderClientSettings client() {
      return new ProviderClientSettings(
          "oidc",
          id,
          clientId,
          clientSecret,
          null,
          Map.of("issuer", issuer),
          scopes,
          clientAuth,
          Map.of("OFFLINE_ACCESS", offlineAccess.name()));
    }

    /** The typed view of generic settings read for a discovered provider. */
    static Oidc of(ProviderClientSettings c) {
      String offline = c.options().getOrDefault("OFFLINE_ACCESS", "AUTO");
      return new Oidc(
          c.id(),
          c.overrides().get("issuer"),
          c.clientId(),
          c.clientSecret(),
          c.scopes(),
          c.clientAuth(),
          OidcDiscovery.OfflineAccess.valueOf(offline));
    }

    /** With the defaults for the client authentication and offline access. */
    public Oidc(String id, URI issuer, String clientId, Secret clientSecret, List<String> scopes) {
      this(id, issuer, clientId, clientSecret, scopes, null, null);
    }
  }
}
