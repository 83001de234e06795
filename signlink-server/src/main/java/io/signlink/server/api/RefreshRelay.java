package io.signlink.server.api;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.ProviderProfile;

/**
 * Sends one refresh-token grant (RFC 6749 §6) for a refresh token the caller holds, as the {@code
 * /refresh-token} endpoint of BoldSign's guide does. Implemented by the OAuth engine's token
 * client. Thread-safe.
 */
@FunctionalInterface
public interface RefreshRelay {
  TokenSet refresh(ProviderProfile profile, Secret refreshToken);
}
