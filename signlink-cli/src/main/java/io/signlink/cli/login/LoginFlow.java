package io.signlink.cli.login;

import io.signlink.connection.Connection;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * The two halves of a consent flow as a terminal login uses them: build the authorization request
 * for a redirect URI only known once the loopback port is open, then turn the callback into a
 * stored connection. Implemented by the CLI's runtime on top of core's {@code ConnectFlow};
 * implementations are thread-safe.
 */
public interface LoginFlow {

  /** The request to send the browser to, and the state the callback must carry. */
  record Started(URI authorizationUri, Secret state, String providerName) {
    public Started {
      Objects.requireNonNull(authorizationUri, "authorizationUri");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Makes and remembers a pending authorization (PKCE S256, state, nonce; SECURITY.md §pkce,
   * §state, §nonce, SECURITY.md §pkce) for {@code redirectUri}.
   */
  Started begin(String providerId, String owner, URI redirectUri);

  /**
   * Checks the callback against the pending authorization, exchanges the code once, validates what
   * came back and stores the connection.
   *
   * @throws io.signlink.error.SignLinkException when the provider denied, the response was wrong,
   *     or the provider failed
   */
  Connection complete(LoopbackCallback callback);
}
