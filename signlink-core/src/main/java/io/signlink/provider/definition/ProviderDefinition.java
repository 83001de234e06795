package io.signlink.provider.definition;

import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProtocolQuirks;
import io.signlink.provider.RefreshTokenPolicy;
import io.signlink.provider.ScopePlacement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider described as data: read from {@code io/signlink/providers/<id>.json} by {@link
 * ProviderDefinitions}, with named {@link DefinitionHooks hooks} only where data cannot say it
 * (DocuSign's account list with a {@code base_uri} per account). Everything SignLink does
 * differently per provider is found here; shared code asks the definition instead of testing the
 * provider's id. The schema, field by field, is in docs/PROVIDER-DEFINITIONS.md.
 *
 * <p>Endpoint and API templates name variables in braces ({@code {account}/oauth/token}); the
 * variables come from the chosen {@link HostChoices host choice}, the fixed {@link #variables()},
 * and the {@code _ACCOUNT_URL}/{@code _API_URL} overrides. Immutable and thread-safe.
 *
 * @param id the provider id used in URLs ({@code /callback/{id}}) and storage
 * @param displayName shown in the console and in messages
 * @param settingsPrefix the prefix of the provider's settings, e.g. {@code SIGNLINK_DOCUSIGN_}
 * @param hosts the region or environment a deployment chooses, or {@code null} for fixed hosts
 * @param variables template variables every choice shares (fixed hosts), may be empty
 * @param discovery endpoints come from OpenID Connect discovery at the configured issuer
 * @param endpoints where the OAuth requests go ({@code null} members for what the provider lacks)
 * @param clientAuth how the client authenticates at the token endpoint; {@code null} to choose from
 *     discovery
 * @param pkce the provider accepts PKCE (S256); SignLink always sends it where it does
 * @param openId ID tokens are issued (and validated), a nonce is sent
 * @param issParameter the provider sends RFC 9207 {@code iss} on the redirect
 * @param authorizationParameters extra parameters on the authorization URL
 * @param scopes scope syntax and defaults
 * @param defaultAccessTokenLifetime assumed when a token response has no {@code expires_in}
 * @param refresh refresh-token rules
 * @param identity how the user (and with a hook, the accounts) are found after consent
 * @param callbackParameters redirect parameters kept with the connection, beyond {@code code} and
 *     {@code state} (e.g. Acrobat Sign's {@code api_access_point})
 * @param callbackChecks how each callback parameter is checked before it is used, by name
 * @param api where API calls go and how the token is sent
 * @param errors how the provider's API errors read
 * @param testCall one harmless call that shows a connection works, or {@code null}
 * @param hooks named strategies by hook point ({@code accounts}, {@code api_errors}, …)
 */
public record ProviderDefinition(
    String id,
    String displayName,
    String settingsPrefix,
    HostChoices hosts,
    Map<String, String> variables,
    boolean discovery,
    Endpoints endpoints,
    ClientAuthMethod clientAuth,
    boolean pkce,
    boolean openId,
    boolean issParameter,
    Map<String, String> authorizationParameters,
    Scopes scopes,
    Duration defaultAccessTokenLifetime,
    Refresh refresh,
    Identity identity,
    List<String> callbackParameters,
    Map<String, CallbackCheck> callbackChecks,
    Api api,
    Errors errors,
    TestCall testCall,
    Map<String, String> hooks,
    ProtocolQuirks protocolQuirks) {

  public ProviderDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(settingsPrefix, "settingsPrefix");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(scopes, "scopes");
    Objects.requireNonNull(defaultAccessTokenLifetime, "defaultAccessTokenLifetime");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(errors, "errors");
    variables = variables == null ? Map.of() : Map.copyOf(variables);
    authorizationParameters =
        authorizationParameters == null ? Map.of() : Map.copyOf(authorizationParameters);
    callbackParameters = callbackParameters == null ? List.of() : List.copyOf(callbackParameters);
    callbackChecks = callbackChecks == null ? Map.of() : Map.copyOf(callbackChecks);
    hooks = hooks == null ? Map.of() : Map.copyOf(hooks);
    protocolQuirks = protocolQuirks == null ? ProtocolQuirks.NONE : protocolQuirks;
  }

  /** The hook named for {@code point} ({@code accounts}, {@code api_errors}, …), if any. */
  public Optional<String> hook(String point) {
    return Optional.ofNullable(hooks.get(point));
  }

  /**
   * The regions or environments a deployment chooses from with one setting.
   *
   * @param setting the setting's name after the prefix, e.g. {@code REGION} or {@code ENVIRONMENT}
   * @param defaultChoice the choice when the setting is absent
   * @param choices by lower-case name, in the file's order
   */
  public record HostChoices(String setting, String defaultChoice, Map<String, HostChoice> choices) {
    public HostChoices {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(defaultChoice, "defaultChoice");
      choices = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(choices));
      if (!choices.containsKey(defaultChoice)) {
        throw new IllegalArgumentException(
            "the default choice " + defaultChoice + " is not among " + choices.keySet());
      }
    }
  }

  /**
   * One region or environment.
   *
   * @param displayName replaces the provider's display name when the real hosts are used, or {@code
   *     null}
   * @param variables template variables, e.g. {@code account} and {@code api}
   */
  public record HostChoice(String displayName, Map<String, String> variables) {
    public HostChoice {
      variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
  }

  /**
   * How one callback parameter is checked before SignLink uses it (SECURITY.md §callback-hosts).
   * Exactly one of the three applies.
   *
   * @param allowedUrls URL patterns the value must match: {@code https://} and a host whose labels
   *     are literal or {@code *} (exactly one DNS label), e.g. {@code https://api.*.adobesign.com};
   *     no port, no path, no user info. Empty when another rule applies
   * @param namesHostChoice the value names one of {@code hosts.choices} (Zoho's {@code location}),
   *     which then gives this connection's host variables
   * @param equalsHostVariable the value is a URL that must equal the chosen host choice's variable
   *     of the same name (Zoho's {@code accounts-server} must agree with {@code location})
   */
  public record CallbackCheck(
      List<String> allowedUrls, boolean namesHostChoice, boolean equalsHostVariable) {
    public CallbackCheck {
      allowedUrls = allowedUrls == null ? List.of() : List.copyOf(allowedUrls);
    }

    /** True when the value is a URL (a host requests are sent to). */
    public boolean isUrl() {
      return !namesHostChoice;
    }
  }

  /**
   * Endpoint templates; {@code null} where the provider has none.
   *
   * @param issuer the issuer identifier (compared with ID-token and RFC 9207 {@code iss})
   * @param refresh a separate refresh endpoint, or {@code null} to refresh at {@code token}
   */
  public record Endpoints(
      String issuer,
      String authorization,
      String token,
      String refresh,
      String revocation,
      String userinfo,
      String jwks) {}

  /**
   * Scope syntax and defaults.
   *
   * @param separator joins scopes on the wire: a space (RFC 6749 §3.3) or e.g. a comma (Zoho)
   * @param defaults requested when the deployment names none (least privilege)
   * @param placement where the scope parameter is sent
   */
  public record Scopes(String separator, List<String> defaults, ScopePlacement placement) {
    public Scopes {
      separator = separator == null ? " " : separator;
      defaults = defaults == null ? List.of() : List.copyOf(defaults);
      placement = placement == null ? ScopePlacement.AUTHORIZATION : placement;
    }
  }

  /** What a refresh does to the refresh token, as the provider documents it. */
  public enum Rotation {
    /** Each refresh returns a new refresh token; the old one dies (DocuSign). */
    ROTATING,
    /** The same refresh token stays valid and none (or the same) is returned (Zoho, Acrobat). */
    REUSED,
    /** Not documented: SignLink stores whatever comes back and keeps the old one otherwise. */
    UNKNOWN
  }

  /**
   * Refresh-token rules.
   *
   * @param reuseGrace how long a rotated refresh token stays usable, or {@code null}
   * @param idleExpiry how long an unused refresh token lives, or {@code null} when unknown/never
   * @param keepAliveMargin refresh an idle connection this long before {@code idleExpiry}, or
   *     {@code null} for the refresher's default
   */
  public record Refresh(
      Rotation rotation, Duration reuseGrace, Duration idleExpiry, Duration keepAliveMargin) {
    public Refresh {
      rotation = rotation == null ? Rotation.UNKNOWN : rotation;
    }

    /** The token lifecycle's view of these rules. */
    public RefreshTokenPolicy policy() {
      return reuseGrace == null && idleExpiry == null
          ? RefreshTokenPolicy.NONE
          : new RefreshTokenPolicy(reuseGrace, idleExpiry, keepAliveMargin);
    }
  }

  /**
   * How the signed-in user is found.
   *
   * @param endpoint an identity call (template, answered with JSON) for providers without OpenID
   *     userinfo, or {@code null} to use the ID token and {@code endpoints.userinfo}
   * @param subject JSON pointer to the user's stable id in the identity answer
   * @param name JSON pointer to a display name, or {@code null}
   * @param email JSON pointer to the email, or {@code null}
   */
  public record Identity(String endpoint, String subject, String name, String email) {
    public Identity {
      subject = subject == null ? "/sub" : subject;
    }
  }

  /**
   * Where API calls go.
   *
   * @param base template of the connection's API base URI (e.g. {@code {api}}), or {@code null}
   *     when each account carries its own (DocuSign {@code base_uri})
   * @param path appended to {@code base} (e.g. {@code /v1}); an {@code _API_URL} override may
   *     already end with it
   * @param root template of the root relative API paths resolve under, over {@code base_uri} and
   *     {@code account_id} (default {@code {base_uri}})
   * @param authScheme the {@code Authorization} scheme the token is sent with, e.g. {@code Bearer}
   */
  public record Api(String base, String path, String root, String authScheme) {
    public Api {
      path = path == null ? "" : path;
      root = root == null ? "{base_uri}" : root;
      authScheme = authScheme == null ? "Bearer" : authScheme;
    }
  }

  /**
   * How API errors read.
   *
   * @param reader a named reader ({@code oauth}, {@code docusign}, {@code boldsign}), or {@code
   *     null} to read {@code code} and {@code message} by pointer
   * @param code JSON pointer to the error code, when {@code reader} is {@code null}
   * @param message JSON pointer to the message, when {@code reader} is {@code null}
   */
  public record Errors(String reader, String code, String message) {}

  /**
   * The console's and CLI's harmless test call.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param path relative to the API root
   * @param lists what the call lists, in words (e.g. {@code documents})
   * @param summary the one-line result: {@code {display_name}}, {@code {/json/pointer}} and {@code
   *     {/pointer|fallback}} are filled in
   * @param details parts appended to the summary only when every pointer in them has a value
   * @param items a list in the answer whose first entries are appended, or {@code null}
   */
  public record TestCall(
      String method, String path, String lists, String summary, List<String> details, Items items) {
    public TestCall {
      method = method == null ? "GET" : method;
      Objects.requireNonNull(path, "path");
      details = details == null ? List.of() : List.copyOf(details);
    }
  }

  /**
   * The entries of a list in the test call's answer.
   *
   * @param at JSON pointer to the array
   * @param limit how many entries to show
   * @param each template per entry, pointers relative to the entry
   */
  public record Items(String at, int limit, String each) {}
}
