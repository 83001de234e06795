package io.signlink.it.conformance;

import io.signlink.connection.Connection;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.Provider;
import io.signlink.emulator.profile.ClientSpec;
import io.signlink.it.providers.ConsentBrowser;
import io.signlink.provider.definition.DefinitionSettings;
import io.signlink.provider.definition.ProviderDefinitions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider played by SignLink's emulator from its profile, on the emulator's clock the suite
 * moves. SignLink is configured for it exactly as for the real provider, with the emulator's demo
 * client and {@code _ACCOUNT_URL}/{@code _API_URL} pointing at the emulator's hosts ({@code
 * _CALLBACK_URLS} allowing them where the redirect names the account's hosts); the consent page is
 * answered by a real browser-like client ({@link ConsentBrowser}); the test call is the
 * definition's.
 */
final class EmulatedProvider implements ProviderUnderTest {
  private final Emulator emulator;
  private final MovableClock clock;
  private final Provider provider;
  private final Expectations expectations;

  EmulatedProvider(Emulator emulator, MovableClock clock, String id, Expectations expectations) {
    this.emulator = emulator;
    this.clock = clock;
    this.provider = emulator.provider(id);
    this.expectations = expectations;
  }

  @Override
  public String id() {
    return provider.id();
  }

  @Override
  public Expectations expectations() {
    return expectations;
  }

  /**
   * The demo client and the emulator's hosts, as far as the definition reads them ({@code
   * SIGNLINK_<ID>_CLIENT_ID}, {@code _CLIENT_SECRET}, {@code _ACCOUNT_URL}, {@code _API_URL}).
   */
  @Override
  public Map<String, String> settings() {
    List<String> read =
        DefinitionSettings.suffixes(ProviderDefinitions.builtIn().require(definition()));
    ClientSpec client =
        emulator.profile(provider).clients().stream()
            .filter(c -> c.clientSecret() != null)
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(id() + "'s profile seeds no confidential client"));
    String prefix = "SIGNLINK_" + id().toUpperCase(Locale.ROOT) + "_";
    Map<String, String> s = new LinkedHashMap<>();
    s.put(prefix + "CLIENT_ID", client.clientId());
    s.put(prefix + "CLIENT_SECRET", client.clientSecret());
    emulator
        .signLinkHostSettings(provider)
        .forEach(
            (suffix, value) -> {
              if (read.contains(suffix)) {
                s.put(prefix + suffix, value);
              }
            });
    return s;
  }

  /** The profile's {@code access_token_ttl}. */
  @Override
  public Duration accessTokenLifetime() {
    return emulator.profile(provider).accessTokenTtl();
  }

  @Override
  public MovableClock clock() {
    return clock;
  }

  @Override
  public URI approve(URI authorizationUrl) {
    return redirect(
        new ConsentBrowser().authorize(authorizationUrl, ConsentBrowser.Answer.ALLOW, null));
  }

  @Override
  public Optional<URI> deny(URI authorizationUrl) {
    return Optional.of(
        redirect(
            new ConsentBrowser().authorize(authorizationUrl, ConsentBrowser.Answer.DENY, null)));
  }

  private static URI redirect(ConsentBrowser.Page page) {
    if (page.location() == null) {
      throw new AssertionError("the consent page did not redirect: HTTP " + page.status());
    }
    return page.location();
  }

  @Override
  public void refuseIssuedAccessTokens() {
    emulator.expireAccessTokens();
  }

  @Override
  public void forgetGrants() {
    emulator.revokeAllGrants();
  }

  @Override
  public void failNextTokenRequests(int n, int status) {
    emulator.faults().failNextTokenRequests(n, status);
  }

  /** The definition's own test call is used ({@code DefinedApi}). */
  @Override
  public HttpRequest.Builder testCall(Connection connection) {
    return null;
  }

  @Override
  public void reset() {
    clock.reset();
    emulator.faults().clear();
    emulator.stats().reset();
  }

  /** The shared emulator is stopped by {@link ProvidersUnderTest#stopAll()}. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return id();
  }
}
