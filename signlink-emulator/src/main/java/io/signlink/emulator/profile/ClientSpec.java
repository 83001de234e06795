package io.signlink.emulator.profile;

import java.util.Objects;

/**
 * A demo client a profile seeds. Its secret is a public demo value: the emulator is an offline test
 * double, never a place for real credentials.
 *
 * <p>Thread-safe: an immutable record; {@link #toString()} prints no secret.
 *
 * @param clientSecret {@code null} for a public client (PKCE only)
 * @param region the only region whose hosts know the client (SignNow's production and evaluation
 *     stacks do not share keys), or {@code null} for all
 * @param jwtGrant whether the client accepts the emulator's JWT-grant key (DocuSign)
 */
public record ClientSpec(
    String clientId, String clientSecret, String name, String region, boolean jwtGrant) {

  public ClientSpec {
    Objects.requireNonNull(clientId, "clientId");
  }

  @Override
  public String toString() {
    return "ClientSpec[" + clientId + (clientSecret == null ? " public" : " confidential") + "]";
  }
}
