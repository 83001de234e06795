package io.signlink.it.conformance;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.it.providers.ConsentBrowser;
import java.net.URI;
import java.util.Optional;

/**
 * A provider played by SignLink's emulator, on its own port and on a clock the suite can move. The
 * emulator's consent page is answered by a real browser-like client ({@link ConsentBrowser}).
 */
abstract class EmulatedProvider implements ProviderUnderTest {
  protected final MovableClock clock = new MovableClock();
  protected final Emulator emulator =
      Emulator.start(EmulatorConfig.builder().autoApprove(false).clock(clock).build());

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

  @Override
  public void reset() {
    clock.reset();
    emulator.faults().clear();
    emulator.stats().reset();
  }

  @Override
  public void close() {
    emulator.close();
  }

  @Override
  public String toString() {
    return id();
  }
}
