package io.signlink.it.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every provider the conformance suite runs against, each started once on first use and stopped
 * after the suite. Adding a provider to SignLink means adding a line here.
 */
final class ProvidersUnderTest {
  private static final List<Supplier<ProviderUnderTest>> ALL =
      List.of(EmulatedBoldSign::new, EmulatedDocuSign::new, MockOidcProvider::new);

  private static List<ProviderUnderTest> started;

  private ProvidersUnderTest() {}

  /** The providers, started (for {@code @MethodSource}). */
  static synchronized Stream<ProviderUnderTest> all() {
    if (started == null) {
      started = new ArrayList<>();
      for (Supplier<ProviderUnderTest> s : ALL) {
        started.add(s.get());
      }
    }
    return started.stream();
  }

  static synchronized void stopAll() {
    if (started != null) {
      started.forEach(ProviderUnderTest::close);
      started = null;
    }
  }
}
