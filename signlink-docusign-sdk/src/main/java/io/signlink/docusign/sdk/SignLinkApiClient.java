package io.signlink.docusign.sdk;

import com.docusign.esign.client.ApiClient;
import com.docusign.esign.client.ApiException;
import com.docusign.esign.client.Pair;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.TokenManager;
import io.signlink.error.ConfigurationException;
import io.signlink.http.BearerChallenge;
import io.signlink.oauth.Secret;
import io.signlink.provider.HttpsPolicy;
import io.signlink.provider.api.BearerTokens;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.GenericType;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.media.multipart.MultiPartFeature;

/**
 * The DocuSign SDK's {@link ApiClient} for one SignLink connection:
 *
 * <pre>{@code
 * SignLinkApiClient client = SignLinkApiClient.forConnection(tokenManager, connection);
 * EnvelopesApi envelopes = new EnvelopesApi(client);
 * EnvelopesInformation changes = envelopes.listStatusChanges(client.accountId(), options);
 * }</pre>
 *
 * <p>Why a subclass: the SDK keeps one access token in a mutable field of the shared client ({@code
 * setAccessToken}) with no hook on a 401, so a token set from outside races between threads and
 * goes stale. Every generated API class sends through {@link #invokeAPI}; overriding that one
 * method gives each call the token of the moment in its own header map and lets the call run under
 * {@link BearerTokens#exchange}: a 401 that refuses the token (DocuSign's bare-challenge 401 or
 * {@code invalid_token}) is refreshed once and sent once more; a second 401 is thrown to the caller
 * as the SDK's {@link ApiException} with code 401, and a 403 is never refreshed. Request bodies are
 * model objects the SDK serialises again, so every call can be replayed. {@code setAccessToken} and
 * the SDK's own OAuth helpers are not used; do not call them on this client.
 *
 * <p>Thread-safe as far as the SDK's client is: SignLink adds no mutable state.
 */
public final class SignLinkApiClient extends ApiClient {
  private static final String[] NO_SDK_AUTH = new String[0];
  private final BearerTokens tokens;
  private final String accountId;

  /**
   * @param restApiBase the account's API root with {@code /restapi}, e.g. {@code
   *     https://demo.docusign.net/restapi}
   * @param accountId the account the connection selected, or {@code null}
   */
  public SignLinkApiClient(String restApiBase, String accountId, BearerTokens tokens) {
    super(checked(restApiBase));
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.accountId = accountId;
    if (isLoopbackHttp(restApiBase)) {
      rebuildHttpClient(); // now that the base path is known: see buildHttpClient
    }
  }

  private static String checked(String restApiBase) {
    Objects.requireNonNull(restApiBase, "restApiBase");
    HttpsPolicy.problem(URI.create(restApiBase))
        .ifPresent(
            problem -> {
              throw new ConfigurationException("DocuSign SDK base path " + restApiBase, problem);
            });
    return restApiBase;
  }

  /**
   * The SDK's Jersey client, except for plain {@code http} on a loopback host (the emulator, a
   * local test server): the SDK's connector casts every connection to {@code HttpsURLConnection}
   * and fails on plain http, so there the stock Jersey connector is used with the SDK's JSON and
   * multipart set-up. Any other base path has been refused by {@link HttpsPolicy} (SECURITY.md
   * §transport).
   */
  @Override
  protected Client buildHttpClient(boolean debugging) {
    if (!isLoopbackHttp(getBasePath())) {
      return super.buildHttpClient(debugging);
    }
    ClientConfig config =
        new ClientConfig()
            .register(MultiPartFeature.class)
            .register(getJSON())
            .register(JacksonFeature.class)
            .property(HttpUrlConnectorProvider.SET_METHOD_WORKAROUND, true);
    return ClientBuilder.newClient(config);
  }

  private static boolean isLoopbackHttp(String base) {
    if (base == null) {
      return false;
    }
    URI uri = URI.create(base);
    return "http".equalsIgnoreCase(uri.getScheme())
        && uri.getHost() != null
        && HttpsPolicy.isLoopback(uri.getHost());
  }

  /**
   * A client for a stored DocuSign connection: its account's {@code base_uri} + {@code /restapi}
   * and its tokens through {@code tokens}.
   *
   * @throws ConfigurationException the connection has no account base URI (not a DocuSign one)
   */
  public static SignLinkApiClient forConnection(TokenManager tokens, Connection connection) {
    if (connection.baseUri() == null || connection.baseUri().isBlank()) {
      throw new ConfigurationException(
          "connection " + connection.id(),
          "has no account base_uri; the DocuSign SDK needs a DocuSign connection with an account");
    }
    return new SignLinkApiClient(
        connection.baseUri().replaceFirst("/+$", "") + "/restapi",
        connection.accountId(),
        new ConnectionBearerTokens(tokens, connection.id()));
  }

  /** The connection's account id, for the SDK's {@code accountId} parameters. */
  public String accountId() {
    return accountId;
  }

  @Override
  public <T> T invokeAPI(
      String path,
      String method,
      List<Pair> queryParams,
      List<Pair> collectionQueryParams,
      Object body,
      Map<String, String> headerParams,
      Map<String, Object> formParams,
      String accept,
      String contentType,
      String[] authNames,
      GenericType<T> returnType)
      throws ApiException {
    Outcome<T> outcome =
        tokens.call(
            token -> {
              try {
                return Outcome.of(
                    super.invokeAPI(
                        path,
                        method,
                        queryParams,
                        collectionQueryParams,
                        body,
                        withToken(headerParams, token),
                        formParams,
                        accept,
                        contentType,
                        NO_SDK_AUTH,
                        returnType));
              } catch (ApiException e) {
                return Outcome.failed(e);
              }
            },
            SignLinkApiClient::refusesToken);
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return outcome.value();
  }

  private static Map<String, String> withToken(Map<String, String> headers, Secret token) {
    Map<String, String> copy = headers == null ? new HashMap<>() : new HashMap<>(headers);
    copy.put("Authorization", "Bearer " + token.reveal());
    return copy;
  }

  private static boolean refusesToken(Outcome<?> outcome) {
    ApiException e = outcome.failure();
    if (e == null) {
      return false;
    }
    Map<String, List<String>> headers = e.getResponseHeaders();
    String challenge = null;
    if (headers != null) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if ("WWW-Authenticate".equalsIgnoreCase(h.getKey()) && !h.getValue().isEmpty()) {
          challenge = h.getValue().get(0);
        }
      }
    }
    return BearerChallenge.refusesToken(e.getCode(), challenge);
  }

  /** One SDK call: its value, or the SDK's exception, held so the retry rule can look at it. */
  private record Outcome<T>(T value, ApiException failure) {
    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> failed(ApiException e) {
      return new Outcome<>(null, e);
    }
  }

  @Override
  public String toString() {
    return "SignLinkApiClient[" + tokens + "]";
  }
}
