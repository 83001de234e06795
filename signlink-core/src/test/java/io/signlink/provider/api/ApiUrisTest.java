package io.signlink.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiUrisTest {

  @Test
  void acceptsHttpsAndDropsTrailingSlashes() {
    assertThat(ApiUris.requireApiRoot("https://demo.docusign.net/", "base_uri"))
        .isEqualTo(URI.create("https://demo.docusign.net"));
    assertThat(ApiUris.requireApiRoot("HTTPS://eu.docusign.net/api//", "base_uri"))
        .isEqualTo(URI.create("https://eu.docusign.net/api"));
  }

  @Test
  void acceptsPlainHttpOnlyOnLoopback() {
    assertThat(ApiUris.requireApiRoot("http://127.0.0.1:8080/docusign-api", "x")).isNotNull();
    assertThat(ApiUris.requireApiRoot("http://localhost:1", "x")).isNotNull();
    assertThat(ApiUris.requireApiRoot("http://[::1]:1", "x")).isNotNull();
  }

  @ParameterizedTest // docs/PROVIDERS.md "DocuSign base URI", docusign-esign-java-client #191
  @ValueSource(
      strings = {
        "demo.docusign.net",
        "/restapi",
        "http://demo.docusign.net",
        "ftp://demo.docusign.net",
        "https://user:pw@demo.docusign.net",
        "https://demo.docusign.net?x=1",
        "https://demo.docusign.net#f",
        "http://127.0.0.1.evil.example",
        " ",
      })
  void refusesAnythingButAnAbsoluteHttpsRoot(String base) {
    assertThatThrownBy(() -> ApiUris.requireApiRoot(base, "DocuSign account base_uri"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("DocuSign account base_uri");
  }

  @Test
  void resolvesPathsAndQueriesBelowTheRoot() {
    URI root = URI.create("https://demo.docusign.net/restapi/v2.1/accounts/42");
    assertThat(ApiUris.resolve(root, "envelopes?from_date=2026-01-01"))
        .isEqualTo(URI.create(root + "/envelopes?from_date=2026-01-01"));
    assertThat(ApiUris.resolve(root, "")).isEqualTo(root);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../43/envelopes",
        "envelopes/../../43",
        "%2e%2e/43",
        "//evil.example/x",
        "https://evil.example/x",
        "a\\..\\b",
        "x y",
        "x#frag",
        "x\r\nHost: evil",
      })
  void refusesPathsThatCouldLeaveTheRoot(String path) {
    URI root = URI.create("https://demo.docusign.net/restapi/v2.1/accounts/42");
    assertThatThrownBy(() -> ApiUris.resolve(root, path))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "envelopes?from_date=2026-01-01&count=2",
        "/envelopes",
        "v1/document/list?Page=1",
        "a+b,c;d=e!$'()*@/x~y_z.pdf",
        "q?x=a:b/c?d",
        "%41%2F/x",
        "a%20b",
        "x?y=%zz",
        "../43/envelopes",
        "envelopes/.",
        "envelopes/./x",
        "%2e%2e/43",
        "//evil.example/x",
        "https://evil.example/x",
        "a:b",
        "a\\..\\b",
        "x y",
        "x#frag",
        "x{y}",
        "x|y",
        "x\r\nHost: evil",
        "été",
      })
  void thePathAndQueryOfAResolvedUriAreFoundWithTheSameChecks(String relative) {
    for (URI root :
        new URI[] {
          URI.create("https://demo.docusign.net/restapi/v2.1/accounts/42"),
          URI.create("http://127.0.0.1:8080")
        }) {
      String expected;
      try {
        URI uri = ApiUris.resolve(root, relative);
        expected = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      } catch (IllegalArgumentException e) {
        assertThatThrownBy(() -> ApiUris.resolvePathAndQuery(root, relative))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(e.getMessage());
        continue;
      }
      assertThat(ApiUris.resolvePathAndQuery(root, relative)).isEqualTo(expected);
    }
  }
}
