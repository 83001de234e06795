package io.signlink.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ApiScopeTest {
  @Test
  void scopesRoundTripThroughTheirStoredFormInAFixedOrder() {
    var scopes = ApiScope.parse("admin, tokens:read  connect-sessions:create");
    assertThat(scopes)
        .isEqualTo(
            EnumSet.of(ApiScope.ADMIN, ApiScope.TOKENS_READ, ApiScope.CONNECT_SESSIONS_CREATE));
    assertThat(ApiScope.format(scopes)).isEqualTo("tokens:read connect-sessions:create admin");
    assertThat(ApiScope.parse(ApiScope.format(scopes))).isEqualTo(scopes);
    assertThat(ApiScope.parse(null)).isEmpty();
  }

  @Test
  void anUnknownScopeIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> ApiScope.parse("tokens:read everything"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'everything'")
        .hasMessageContaining("connections:manage");
  }

  @Test
  void returnAndWebhookUrlsMustBeAbsoluteHttpsWithoutUserInfoOrFragment() {
    assertThat(Application.urlProblem(URI.create("https://app.example/done?x=1"))).isNull();
    assertThat(Application.urlProblem(URI.create("http://127.0.0.1:9000/done"))).isNull();
    assertThat(Application.urlProblem(URI.create("http://app.example/done"))).isNotNull();
    assertThat(Application.urlProblem(URI.create("/done"))).isNotNull();
    assertThat(Application.urlProblem(URI.create("https://u:p@app.example/"))).isNotNull();
    assertThat(Application.urlProblem(URI.create("https://app.example/#x"))).isNotNull();
    assertThat(Application.urlProblem(URI.create("javascript:alert(1)"))).isNotNull();
    assertThat(Application.idProblem("acme-1")).isNull();
    assertThat(Application.idProblem("Acme")).isNotNull();
  }
}
