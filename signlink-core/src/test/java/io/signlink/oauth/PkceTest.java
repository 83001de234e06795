package io.signlink.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PkceTest {
  private static final Pattern UNRESERVED_43_128 = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");

  @Test
  void matchesTheRfc7636AppendixBVector() { // SECURITY.md §pkce
    Pkce pkce = Pkce.of(Secret.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

    assertThat(pkce.challenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(Pkce.METHOD).isEqualTo("S256");
  }

  @Test
  void hundredThousandVerifiersAreWellFormedAndDistinct() { // SECURITY.md §pkce
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String verifier = Pkce.generate(random).verifier().reveal();
      assertThat(UNRESERVED_43_128.matcher(verifier).matches()).as(verifier).isTrue();
      assertThat(verifier).hasSize(43); // 32 random bytes
      seen.add(verifier);
    }
    assertThat(seen).hasSize(100_000);
  }

  @Test
  void challengeIsTheS256OfTheVerifier() {
    Pkce pkce = Pkce.generate(new SecureRandom());

    assertThat(pkce.challenge()).isEqualTo(Pkce.challengeOf(pkce.verifier()));
    assertThat(pkce.challenge()).isNotEqualTo(pkce.verifier().reveal()).hasSize(43);
  }

  @Test
  void toStringHidesTheVerifier() {
    Pkce pkce = Pkce.generate(new SecureRandom());

    assertThat(pkce.toString()).doesNotContain(pkce.verifier().reveal());
  }
}
