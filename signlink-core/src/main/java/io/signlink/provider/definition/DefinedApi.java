package io.signlink.provider.definition;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.connection.Connection;
import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.api.ApiUris;
import io.signlink.provider.api.BearerTokens;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A connection's provider API as its definition describes it: the root relative paths resolve under
 * ({@code api.root} over the connection's {@code base_uri} and {@code account_id}), the {@code
 * Authorization} scheme, the error shape, and the test call. Used by the CLI's {@code call} and the
 * console's test call for every provider alike; the typed clients ({@code DocuSignApiClient},
 * {@code BoldSignApiClient}) remain for code that wants typed answers. Every call runs under the
 * one 401 rule of {@link BearerTokens} (SECURITY.md §retry-on-401), and a path can never leave the
 * root, so the token is never sent elsewhere. Thread-safe.
 */
public final class DefinedApi {
  /** An account id goes into a URL path: only plain identifiers are accepted. */
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  private final ProviderDefinition definition;
  private final ApiCaller caller;
  private final URI root;
  private final BearerTokens tokens;
  private final Connection connection;

  private DefinedApi(
      ProviderDefinition definition,
      ApiCaller caller,
      URI root,
      BearerTokens tokens,
      Connection connection) {
    this.definition = definition;
    this.caller = caller;
    this.root = root;
    this.tokens = tokens;
    this.connection = connection;
  }

  /**
   * The API of {@code connection}.
   *
   * @throws ConfigurationException when the connection lacks what {@code api.root} needs (it was
   *     made before its account was known): the message says to reconnect
   */
  public static DefinedApi forConnection(
      ProviderDefinition definition,
      DefinitionHooks hooks,
      HttpTransport http,
      ApiCallSettings settings,
      Connection connection,
      BearerTokens tokens) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(tokens, "tokens");
    Map<String, String> vars = new HashMap<>();
    if (connection.baseUri() != null) {
      vars.put("base_uri", connection.baseUri().replaceAll("/+$", ""));
    }
    if (connection.accountId() != null && ACCOUNT_ID.matcher(connection.accountId()).matches()) {
      vars.put("account_id", connection.accountId());
    }
    for (String needed : Templates.variables(definition.api().root())) {
      if (!vars.containsKey(needed)) {
        throw new ConfigurationException(
            "connection " + connection.id(),
            "has no "
                + definition.displayName()
                + " account with an API address recorded ("
                + needed
                + "); reconnect it so SignLink can read the user's accounts");
      }
    }
    URI root =
        ApiUris.requireApiRoot(
            Templates.expand(definition.api().root(), vars),
            definition.displayName() + " API root");
    ApiCaller caller =
        new ApiCaller(
            http,
            settings,
            definition.displayName(),
            hooks.apiErrors(definition),
            definition.api().authScheme());
    return new DefinedApi(definition, caller, root, tokens, connection);
  }

  /** The root relative paths resolve under. */
  public URI root() {
    return root;
  }

  /**
   * {@code GET} a path below the root as JSON ({@code ""} for the root itself).
   *
   * @throws IllegalArgumentException when the path would leave the root
   */
  public JsonNode get(String path) {
    return caller.getJson(resolve(path), tokens);
  }

  /** {@code method} a path below the root with a body, answered with JSON. */
  public JsonNode send(String method, String path, String contentType, ApiCaller.Body body) {
    return caller.sendJson(method, resolve(path), contentType, body, tokens);
  }

  /** {@code GET} a path below the root streamed to {@code target}; returns the byte count. */
  public long download(String path, Path target) {
    return caller.download(resolve(path), target, tokens);
  }

  /**
   * Runs the definition's test call and returns its one-line summary, or says that the definition
   * has none.
   */
  public String testCall() {
    ProviderDefinition.TestCall call = definition.testCall();
    if (call == null) {
      return "No test call is defined for provider " + definition.id() + ".";
    }
    JsonNode answer = get(Templates.expand(call.path(), Map.of()));
    return TestCallSummary.render(definition, connection, call, answer);
  }

  private URI resolve(String path) {
    String relative = path == null ? "" : path.replaceFirst("^/+", "");
    return ApiUris.resolve(root, relative);
  }

  @Override
  public String toString() {
    return "DefinedApi[" + definition.id() + ", " + root + "]";
  }
}
