package io.signlink.emulator;

import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An OAuth client (a BoldSign OAuth app or a DocuSign integration key) registered with the
 * emulator.
 *
 * <p>Thread-safe: an immutable record; {@link #toString()} never prints the secret.
 *
 * @param provider the provider the client is registered with
 * @param clientId the client id (DocuSign: the integration key)
 * @param clientSecret the secret, or {@code null} for a public client (PKCE only)
 * @param name the name shown on the consent page
 * @param redirectUris the registered redirect URIs; {@code http://127.0.0.1/...} entries accept any
 *     port (RFC 8252 §7.3)
 * @param jwtKeys RSA public keys accepted for DocuSign's JWT grant assertions
 */
public record RegisteredClient(
    Provider provider,
    String clientId,
    String clientSecret,
    String name,
    List<String> redirectUris,
    List<RSAPublicKey> jwtKeys) {

  public RegisteredClient {
    Objects.requireNonNull(provider, "provider");
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    if (clientSecret != null && clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientSecret must be null (public client) or non-empty");
    }
    name = name == null || name.isBlank() ? clientId : name;
    redirectUris = List.copyOf(redirectUris);
    jwtKeys = List.copyOf(jwtKeys);
  }

  /** A confidential client that authenticates with its secret. */
  public static RegisteredClient confidential(
      Provider provider, String clientId, String secret, String name, List<String> redirectUris) {
    Objects.requireNonNull(secret, "secret");
    return new RegisteredClient(provider, clientId, secret, name, redirectUris, List.of());
  }

  /** A public client (no secret); it must use PKCE. */
  public static RegisteredClient publicClient(
      Provider provider, String clientId, String name, List<String> redirectUris) {
    return new RegisteredClient(provider, clientId, null, name, redirectUris, List.of());
  }

  public boolean isPublic() {
    return clientSecret == null;
  }

  /** A copy that also accepts the given redirect URIs. */
  public RegisteredClient withRedirectUris(List<String> more) {
    List<String> all = new ArrayList<>(redirectUris);
    more.stream().filter(uri -> !all.contains(uri)).forEach(all::add);
    return new RegisteredClient(provider, clientId, clientSecret, name, all, jwtKeys);
  }

  /** A copy that also accepts JWT-grant assertions signed by the given key (DocuSign). */
  public RegisteredClient withJwtKey(RSAPublicKey key) {
    List<RSAPublicKey> all = new ArrayList<>(jwtKeys);
    all.add(Objects.requireNonNull(key, "key"));
    return new RegisteredClient(provider, clientId, clientSecret, name, redirectUris, all);
  }

  @Override
  public String toString() {
    return "RegisteredClient["
        + provider
        + " "
        + clientId
        + (isPublic() ? " public" : " confidential")
        + ", redirectUris="
        + redirectUris
        + ", jwtKeys="
        + jwtKeys.size()
        + "]";
  }
}
