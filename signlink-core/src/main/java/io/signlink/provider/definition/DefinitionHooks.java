package io.signlink.provider.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.provider.AccountResolver;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.api.ApiError;
import io.signlink.provider.api.ApiErrorReader;
import io.signlink.provider.boldsign.BoldSignApiErrors;
import io.signlink.provider.docusign.DocuSignAccountResolver;
import io.signlink.provider.docusign.DocuSignApiErrors;
import io.signlink.provider.oidc.OidcAccountResolver;
import io.signlink.provider.oidc.Userinfo;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The named strategies definitions may call on where data cannot say it, by hook point. Built-in:
 *
 * <ul>
 *   <li>{@code accounts}: {@code docusign-userinfo} (every account from {@code /oauth/userinfo},
 *       each with its own {@code base_uri}); without a hook, the user from the ID token and
 *       userinfo ({@code openid-userinfo}), whose one account is at the API base when there is one;
 *   <li>{@code api_errors}: {@code oauth}, {@code docusign}, {@code boldsign}; without one, the
 *       definition's {@code errors.code}/{@code errors.message} pointers.
 * </ul>
 *
 * <p>A deployment or a later provider adds strategies with {@link #withAccounts} and {@link
 * #withApiErrors} and hands them to {@code SignLinkRuntime.Builder#hooks}, whose hooks every part
 * reads (provider assembly, the console's test call, the CLI, the proxy); a definition naming a
 * strategy nobody registered fails, naming it. Token-response quirks are data ({@code
 * token_response}, {@code protocol_quirks}), not hooks. Immutable and thread-safe.
 */
public final class DefinitionHooks {
  /** Makes an account resolver for one provider. */
  @FunctionalInterface
  public interface AccountsFactory {
    AccountResolver create(ProviderDefinition definition, HttpTransport http, Clock clock);
  }

  private final Map<String, AccountsFactory> accounts;
  private final Map<String, ApiErrorReader> apiErrors;

  private DefinitionHooks(
      Map<String, AccountsFactory> accounts, Map<String, ApiErrorReader> errors) {
    this.accounts = Map.copyOf(accounts);
    this.apiErrors = Map.copyOf(errors);
  }

  /** The strategies SignLink ships. */
  public static DefinitionHooks builtIn() {
    Map<String, AccountsFactory> accounts = new HashMap<>();
    accounts.put(
        "openid-userinfo",
        (d, http, clock) -> new OidcAccountResolver(new Userinfo(new JsonFetcher(http))));
    accounts.put(
        "docusign-userinfo",
        (d, http, clock) -> new DocuSignAccountResolver(new JsonFetcher(http), clock));
    Map<String, ApiErrorReader> errors = new HashMap<>();
    errors.put("oauth", ApiErrorReader.oauth());
    errors.put("docusign", new DocuSignApiErrors());
    errors.put("boldsign", new BoldSignApiErrors());
    return new DefinitionHooks(accounts, errors);
  }

  /** These hooks plus an {@code accounts} strategy named {@code name}. */
  public DefinitionHooks withAccounts(String name, AccountsFactory factory) {
    Map<String, AccountsFactory> more = new HashMap<>(accounts);
    more.put(name, factory);
    return new DefinitionHooks(more, apiErrors);
  }

  /** These hooks plus an {@code api_errors} reader named {@code name}. */
  public DefinitionHooks withApiErrors(String name, ApiErrorReader reader) {
    Map<String, ApiErrorReader> more = new HashMap<>(apiErrors);
    more.put(name, reader);
    return new DefinitionHooks(accounts, more);
  }

  /** The account resolver {@code definition} asks for. */
  public AccountResolver accounts(ProviderDefinition d, HttpTransport http, Clock clock) {
    if (d.hook("accounts").isEmpty() && d.identity().endpoint() != null) {
      return new IdentityCall(d, new JsonFetcher(http));
    }
    String name = d.hook("accounts").orElse("openid-userinfo");
    AccountsFactory f = accounts.get(name);
    if (f == null) {
      throw unknown(d, "accounts", name, accounts.keySet());
    }
    return f.create(d, http, clock);
  }

  /** The API error reader {@code definition} asks for. */
  public ApiErrorReader apiErrors(ProviderDefinition d) {
    ProviderDefinition.Errors e = d.errors();
    String name = d.hook("api_errors").orElse(e.reader());
    if (name == null) {
      return pointers(e.code(), e.message());
    }
    ApiErrorReader r = apiErrors.get(name);
    if (r == null) {
      throw unknown(d, "api_errors", name, apiErrors.keySet());
    }
    return r;
  }

  private static ApiErrorReader pointers(String code, String message) {
    return body -> {
      String c = text(body, code);
      String m = text(body, message);
      return c == null && m == null ? Optional.empty() : Optional.of(new ApiError(c, m));
    };
  }

  private static String text(JsonNode body, String pointer) {
    if (pointer == null || body == null) {
      return null;
    }
    JsonNode n = body.at(pointer);
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static ConfigurationException unknown(
      ProviderDefinition d, String point, String name, java.util.Set<String> known) {
    return new ConfigurationException(
        "provider definition " + d.id() + ": hooks." + point,
        "names '" + name + "', which is not registered; known: " + new java.util.TreeSet<>(known));
  }
}
