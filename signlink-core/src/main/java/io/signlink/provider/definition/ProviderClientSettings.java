package io.signlink.provider.definition;

import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One deployment's client at a defined provider, as read from {@code SIGNLINK_<ID>_*}: the
 * credentials, the chosen region or environment, URL overrides and scopes. Everything else comes
 * from the {@link ProviderDefinition}. Immutable; {@code toString()} prints no secret because the
 * secret is a {@link Secret}.
 *
 * @param definition the definition's id, e.g. {@code docusign} or {@code oidc}
 * @param id the provider id used in URLs and storage: the definition's id, or for a definition with
 *     named instances ({@code SIGNLINK_OIDC_{NAME}_}) the instance's name
 * @param clientSecret {@code null} for a public client (PKCE only)
 * @param hostChoice the {@code _REGION}/{@code _ENVIRONMENT} value, or {@code null} for the default
 * @param overrides template variables set by {@code _ACCOUNT_URL} ({@code account}), {@code
 *     _API_URL} ({@code api}) or {@code _ISSUER} ({@code issuer}), e.g. to point at the emulator
 * @param scopes requested scopes; empty means the definition's defaults
 * @param clientAuth {@code _CLIENT_AUTH}, or {@code null} for the definition's (or discovery's)
 * @param options further per-definition settings by suffix (e.g. {@code OFFLINE_ACCESS})
 */
public record ProviderClientSettings(
    String definition,
    String id,
    String clientId,
    Secret clientSecret,
    String hostChoice,
    Map<String, URI> overrides,
    List<String> scopes,
    ClientAuthMethod clientAuth,
    Map<String, String> options) {

  public ProviderClientSettings {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(clientId, "clientId");
    id = id == null ? definition : id;
    overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /** Settings for {@code definition} with its id, default host choice and no overrides. */
  public static ProviderClientSettings of(String definition, String clientId, Secret clientSecret) {
    return new ProviderClientSettings(
        definition, null, clientId, clientSecret, null, null, null, null, null);
  }

  /** The same settings with {@code variable} (e.g. {@code account}) pointed at {@code url}. */
  public ProviderClientSettings withOverride(String variable, URI url) {
    Map<String, URI> more = new java.util.HashMap<>(overrides);
    more.put(variable, url);
    return new ProviderClientSettings(
        definition, id, clientId, clientSecret, hostChoice, more, scopes, clientAuth, options);
  }
}
