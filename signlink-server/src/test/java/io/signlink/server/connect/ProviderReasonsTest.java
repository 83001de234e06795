package io.signlink.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import org.junit.jupiter.api.Test;

/** What the callback page and log say about the provider's reason (SECURITY.md §callback-page). */
class ProviderReasonsTest {

  @Test
  void namesTheFailedIdTokenCheck() {
    InvalidResponseException e =
        new InvalidResponseException(
            InvalidResponseException.Kind.INVALID_ID_TOKEN, "aud", "rejected", null);

    assertThat(ProviderReasons.sentence(e)).isEqualTo(" Failed check: aud.");
  }

  @Test
  void namesTheProvidersCodeAndOneLineCappedDescription() {
    ProviderRejectedException e =
        new ProviderRejectedException(
            "keycloak",
            "not_allowed",
            "Offline tokens not allowed\r\nfor the user or client " + "y".repeat(400),
            400,
            null,
            null);

    String s = ProviderReasons.sentence(e);

    assertThat(s)
        .startsWith(" The provider's reason: not_allowed — \u201cOffline tokens not allowed for")
        .doesNotContain("\n")
        .doesNotContain("y".repeat(ProviderReasons.MAX_DESCRIPTION));
  }

  @Test
  void aCodeOutsideTheOAuthCharsetIsNotRepeated() {
    AuthorizationFlowException e =
        new AuthorizationFlowException(
            AuthorizationFlowException.Reason.PROVIDER_ERROR, null, "<b>x</b>", "a description");

    assertThat(ProviderReasons.sentence(e)).contains("unrecognised").doesNotContain("<b>");
  }
}
