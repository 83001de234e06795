package io.signlink.emulator.oauth;

import io.signlink.emulator.RegisteredClient;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1). {@code
 * accessType} is Zoho's (and Google's) {@code access_type}: {@code offline} asks for a refresh
 * token.
 *
 * <p>Thread-safe: an immutable record; {@link #toString()} hides state, nonce and challenge.
 */
public record AuthorizationRequest(
    RegisteredClient client,
    String redirectUri,
    List<String> scopes,
    String state,
    String nonce,
    String codeChallenge,
    Set<String> prompt,
    String loginHint,
    String accessType) {

  public AuthorizationRequest {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(redirectUri, "redirectUri");
    scopes = List.copyOf(scopes);
    prompt = Set.copyOf(prompt);
  }

  /** Whether the client asked to see the login/consent UI even if it could be skipped. */
  public boolean forcesInteraction() {
    return prompt.contains("login")
        || prompt.contains("consent")
        || prompt.contains("select_account");
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[" + client.clientId() + ", scopes=" + scopes + "]";
  }
}
