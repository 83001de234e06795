package io.signlink.it.conformance;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.it.conformance.Expectations.Rotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every provider the conformance suite runs against, started once on first use (one emulator for
 * all emulated providers, on a clock the suite moves) and stopped after the suite. The expectations
 * are each provider's documented behaviour (docs/PROVIDERS.md); adding a provider to SignLink means
 * adding a line here.
 */
final class ProvidersUnderTest {
  private static final Duration DAYS_30 = Duration.ofDays(30);
  private static final Duration DAYS_60 = Duration.ofDays(60);

  private static List<ProviderUnderTest> started;
  private static Emulator emulator;

  private ProvidersUnderTest() {}

  /** The providers, started (for {@code @MethodSource}). */
  static synchronized Stream<ProviderUnderTest> all() {
    if (started == null) {
      MovableClock clock = new MovableClock();
      emulator = Emulator.start(EmulatorConfig.builder().autoApprove(false).clock(clock).build());
      started = new ArrayList<>();
      started.add(
          emulated(clock, "boldsign", true, Rotation.ROTATING, true, null, "access_denied"));
      started.add(
          emulated(clock, "docusign", true, Rotation.ROTATING, false, DAYS_30, "access_denied"));
      started.add(
          emulated(clock, "acrobatsign", false, Rotation.REUSED, true, DAYS_60, "ACCESS_DENIED"));
      started.add(
          emulated(clock, "dropboxsign", false, Rotation.REUSED, false, null, "access_denied"));
      started.add(
          emulated(clock, "signnow", false, Rotation.ROTATING, false, null, "access_denied"));
      // PandaDoc documents no rotation rule; its emulator profile rotates, the safer case
      started.add(
          emulated(clock, "pandadoc", false, Rotation.ROTATING, false, null, "access_denied"));
      started.add(emulated(clock, "zohosign", true, Rotation.REUSED, true, null, "access_denied"));
      started.add(new MockOidcProvider());
    }
    return started.stream();
  }

  private static ProviderUnderTest emulated(
      MovableClock clock,
      String id,
      boolean pkce,
      Rotation rotation,
      boolean revocation,
      Duration idleLimit,
      String deniedError) {
    return new EmulatedProvider(
        emulator, clock, id, new Expectations(pkce, rotation, revocation, idleLimit, deniedError));
  }

  static synchronized void stopAll() {
    if (started != null) {
      started.forEach(ProviderUnderTest::close);
      emulator.close();
      started = null;
    }
  }
}
