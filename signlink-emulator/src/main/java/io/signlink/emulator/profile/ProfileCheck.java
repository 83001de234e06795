package io.signlink.emulator.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consistency checks a {@link Profile} passes before the emulator uses it, so a mistake in a
 * profile file is reported when it is read, naming the profile and the member, rather than as a
 * wrong answer in the middle of a test.
 *
 * <p>Not thread-safe; used once per profile.
 */
record ProfileCheck(
    String id,
    String routes,
    Map<String, String> hosts,
    List<String> regions,
    Endpoint authorize,
    Endpoint token,
    Endpoint refresh,
    Endpoint userinfo,
    Revocation revocation,
    Map<String, String> scopes,
    List<String> defaultScopes,
    Duration accessTokenTtl,
    List<String> clientAuth,
    Map<String, String> callbackParams,
    Map<String, String> tokenFields,
    List<UserSpec> users,
    Api api) {

  private static final Set<String> ROUTES = Set.of("generic", "boldsign", "docusign");

  void run() {
    List<String> problems = new ArrayList<>();
    if (!ROUTES.contains(routes)) {
      problems.add("routes must be one of " + ROUTES + ", was '" + routes + "'");
    }
    if (hosts.isEmpty()) {
      problems.add("hosts is empty: name at least the host of the authorization endpoint");
    }
    hosts.forEach(
        (name, path) -> {
          if (!path.startsWith("/") || path.endsWith("/")) {
            problems.add(
                "host '" + name + "' must be a path prefix like /acme, was '" + path + "'");
          }
          if (path.contains("{region}") && regions.isEmpty()) {
            problems.add("host '" + name + "' has {region} but regions is empty");
          }
        });
    endpoint("authorize", authorize, true, problems);
    endpoint("token", token, true, problems);
    endpoint("refresh", refresh, false, problems);
    endpoint("userinfo", userinfo, false, problems);
    endpoint("revocation", revocation == null ? null : revocation.endpoint(), false, problems);
    if (accessTokenTtl == null || accessTokenTtl.isZero() || accessTokenTtl.isNegative()) {
      problems.add("access_token_ttl must be a positive ISO-8601 duration such as PT1H");
    }
    if (scopes.isEmpty()) {
      problems.add("scopes is empty");
    }
    defaultScopes.stream()
        .filter(s -> !scopes.containsKey(s))
        .forEach(s -> problems.add("default scope '" + s + "' is not in scopes"));
    clientAuth.stream()
        .filter(m -> !Profile.CLIENT_AUTH_METHODS.contains(m))
        .forEach(
            m ->
                problems.add(
                    "client_auth '" + m + "' is not one of " + Profile.CLIENT_AUTH_METHODS));
    if (users.isEmpty()) {
      problems.add("users is empty: seed at least one (the first is the default user)");
    }
    Set<String> subs = new HashSet<>();
    for (UserSpec user : users) {
      if (!subs.add(user.sub())) {
        problems.add("two users have sub '" + user.sub() + "'");
      }
      if (user.region() != null && !regions.contains(user.region())) {
        problems.add("user " + user.email() + " is in unknown region '" + user.region() + "'");
      }
    }
    placeholders("callback_params", callbackParams, problems);
    placeholders("token_fields", tokenFields, problems);
    if (routes.equals("generic") && api == null) {
      problems.add("a generic profile needs an api (host, calls, unauthorized)");
    }
    if (api != null && !hosts.containsKey(api.host())) {
      problems.add("api host '" + api.host() + "' is not in hosts");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "emulator profile '" + id + "': " + String.join("; ", problems));
    }
  }

  private void endpoint(String name, Endpoint e, boolean required, List<String> problems) {
    if (e == null) {
      if (required) {
        problems.add(name + " endpoint is missing");
      }
      return;
    }
    if (!hosts.containsKey(e.host())) {
      problems.add(name + " endpoint's host '" + e.host() + "' is not in hosts " + hosts.keySet());
    }
  }

  private void placeholders(String member, Map<String, String> values, List<String> problems) {
    values.forEach(
        (key, value) -> {
          Set<String> unknown = Templates.unknownNames(value, hosts.keySet());
          if (!unknown.isEmpty()) {
            problems.add(member + "." + key + " uses unknown placeholders " + unknown);
          }
        });
  }
}
