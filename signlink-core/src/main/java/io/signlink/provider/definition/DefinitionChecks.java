package io.signlink.provider.definition;

import io.signlink.error.ConfigurationException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Cross-field checks on a definition once it is read: every template names only variables that will
 * exist, every host choice defines what the endpoints use, and hooks are named for known points.
 * Run at load, so a broken definition fails at start-up, not at a user's first consent. Stateless.
 */
final class DefinitionChecks {
  /** The hook points shared code asks definitions about (docs/PROVIDER-DEFINITIONS.md). */
  static final Set<String> HOOK_POINTS = Set.of("accounts", "api_errors", "callback");

  private DefinitionChecks() {}

  static void check(String source, ProviderDefinition d) {
    for (String point : d.hooks().keySet()) {
      if (!HOOK_POINTS.contains(point)) {
        throw fail(source, "hooks." + point, "is not a hook point; known: " + HOOK_POINTS);
      }
    }
    if (d.openId() && d.scopes().placement() != io.signlink.provider.ScopePlacement.AUTHORIZATION) {
      throw fail(
          source,
          "scopes.placement",
          "must be authorization for an OpenID provider (the openid scope goes on the"
              + " authorization request)");
    }
    checkCallbackChecks(source, d);
    Set<String> shared = new HashSet<>(d.variables().keySet());
    shared.addAll(d.callbackParameters());
    if (d.discovery()) {
      shared.add("issuer");
    }
    if (d.hosts() == null) {
      checkTemplates(source, d, shared, "");
      return;
    }
    for (Map.Entry<String, ProviderDefinition.HostChoice> c : d.hosts().choices().entrySet()) {
      Set<String> known = new HashSet<>(shared);
      known.addAll(c.getValue().variables().keySet());
      checkTemplates(source, d, known, " (host choice " + c.getKey() + ")");
    }
  }

  /**
   * Every callback parameter is checked before use (SECURITY.md §callback-hosts): a value from the
   * browser decides where the code and the client secret go, so none may be taken unchecked.
   */
  private static void checkCallbackChecks(String source, ProviderDefinition d) {
    for (String name : d.callbackChecks().keySet()) {
      if (!d.callbackParameters().contains(name)) {
        throw fail(
            source,
            "callback_checks." + name,
            "checks a parameter callback_parameters does not list " + d.callbackParameters());
      }
    }
    int choosers = 0;
    for (String name : d.callbackParameters()) {
      ProviderDefinition.CallbackCheck c = d.callbackChecks().get(name);
      if (c == null) {
        throw fail(
            source,
            "callback_checks." + name,
            "is required: every callback parameter needs allowed_urls, names_host_choice or"
                + " equals_host_variable, so a crafted redirect cannot choose where requests go");
      }
      if ((c.namesHostChoice() || c.equalsHostVariable()) && d.hosts() == null) {
        throw fail(source, "callback_checks." + name, "refers to host choices, but hosts is unset");
      }
      if (c.namesHostChoice()) {
        choosers++;
      }
      if (c.equalsHostVariable()) {
        for (Map.Entry<String, ProviderDefinition.HostChoice> e : d.hosts().choices().entrySet()) {
          if (!e.getValue().variables().containsKey(name)) {
            throw fail(
                source,
                "callback_checks." + name,
                "must equal the host choice's variable "
                    + name
                    + ", which "
                    + e.getKey()
                    + " lacks");
          }
        }
      }
    }
    if (choosers > 1) {
      throw fail(source, "callback_checks", "at most one parameter may name the host choice");
    }
  }

  private static void checkTemplates(
      String source, ProviderDefinition d, Set<String> known, String where) {
    ProviderDefinition.Endpoints e = d.endpoints();
    uses(source, "endpoints.issuer", e.issuer(), known, where);
    uses(source, "endpoints.authorization", e.authorization(), known, where);
    uses(source, "endpoints.token", e.token(), known, where);
    uses(source, "endpoints.refresh", e.refresh(), known, where);
    uses(source, "endpoints.revocation", e.revocation(), known, where);
    uses(source, "endpoints.userinfo", e.userinfo(), known, where);
    uses(source, "endpoints.jwks", e.jwks(), known, where);
    uses(source, "api.base", d.api().base(), known, where);
    Set<String> perConnection = new HashSet<>(known);
    perConnection.add("base_uri");
    perConnection.add("account_id");
    uses(source, "api.root", d.api().root(), perConnection, where);
    // The identity call runs right after the code exchange: only the API base is known then.
    uses(source, "identity.endpoint", d.identity().endpoint(), Set.of("base_uri"), where);
    if (d.testCall() != null) {
      uses(source, "test_call.path", d.testCall().path(), perConnection, where);
    }
    if (!d.discovery() && e.issuer() == null && !known.contains("account")) {
      throw fail(
          source,
          "endpoints.issuer",
          "is required when there is no {account} variable to default it to" + where);
    }
  }

  private static void uses(
      String source, String field, String template, Set<String> known, String where) {
    for (String v : Templates.variables(template)) {
      if (!known.contains(v)) {
        throw fail(
            source,
            field,
            "uses {"
                + v
                + "}, which no host choice, variable or callback parameter defines"
                + where);
      }
    }
  }

  private static ConfigurationException fail(String source, String field, String message) {
    return new ConfigurationException("provider definition " + source + ": " + field, message);
  }
}
