package io.signlink.connection;

import io.signlink.oauth.PendingAuthorization;
import io.signlink.provider.ResolvedIdentity;

/**
 * A last word on a finished consent before the connection is stored: it sees the transaction the
 * flow was begun with and the provider user it resolved to, and refuses by throwing (nothing is
 * stored then, SECURITY.md §atomic-writes). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ConsentCheck {
  void accept(PendingAuthorization pending, ResolvedIdentity identity);
}
