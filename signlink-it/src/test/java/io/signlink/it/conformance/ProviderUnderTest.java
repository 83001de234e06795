package io.signlink.it.conformance;

import io.signlink.connection.Connection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One provider as the conformance suite drives it over real sockets: the settings that configure
 * SignLink for it (exactly what a user would put in the environment), its user at the consent page,
 * the harmless API call that proves a token works, and the few levers a test needs at the provider
 * (refuse the issued access tokens, forget every grant, fail the token endpoint). A new provider
 * joins the suite by implementing this and adding itself to {@link ProvidersUnderTest}.
 */
interface ProviderUnderTest extends AutoCloseable {

  /** The provider id SignLink is configured with ({@code /callback/{id}}). */
  String id();

  /** The id of its definition ({@code io/signlink/providers/<id>.json}). */
  default String definition() {
    return id();
  }

  /** What its documentation promises. */
  Expectations expectations();

  /** The {@code SIGNLINK_*} settings for this provider only. */
  Map<String, String> settings();

  /**
   * The clock the provider judges expiry by, shared with SignLink; {@code null} when the provider
   * cannot be moved in time (then the idle-limit check cannot run end to end).
   */
  MovableClock clock();

  /**
   * How long the access tokens it issues live, however its token answers say so (SignNow's code
   * exchange gives the absolute time), or {@code null} when the fixture cannot tell.
   */
  default Duration accessTokenLifetime() {
    return null;
  }

  /** The user opens the authorization URL and allows: the redirect to SignLink's callback. */
  URI approve(URI authorizationUrl);

  /**
   * The user declines: the redirect carrying the provider's error, or empty when its consent page
   * offers no way to decline (the suite then builds the documented redirect itself).
   */
  Optional<URI> deny(URI authorizationUrl);

  /** From now on the provider answers 401 to the access tokens it has issued so far. */
  void refuseIssuedAccessTokens();

  /** The provider forgets every grant: the next refresh is refused with {@code invalid_grant}. */
  void forgetGrants();

  /** The next {@code n} token-endpoint requests fail with HTTP {@code status}. */
  void failNextTokenRequests(int n, int status);

  /**
   * The harmless call that proves a token works, without the {@code Authorization} header; {@code
   * null} to run the definition's {@code test_call} (every provider with a definition of its own;
   * generic OpenID Connect has none, so its fixture calls userinfo).
   */
  HttpRequest.Builder testCall(Connection connection);

  /** Clears faults and counters between tests. */
  void reset();

  @Override
  void close();
}
