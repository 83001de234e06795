/**
 * Connections and their token lifecycle: always-valid access tokens, one refresh per expiry
 * across threads and instances, honest failures.
 *
 * <p>The flow: a consent flow stores a {@link io.signlink.connection.Connection} through the {@link
 * io.signlink.connection.ConnectionStore} port. Application code asks {@link
 * io.signlink.connection.TokenManager#accessToken(String)} for a token; a cached one valid for the
 * safety margin is returned without I/O (checklist #57). Otherwise one caller per process leads a
 * refresh (single flight, #59) that takes the connection's database lease, re-reads the row (#60),
 * sends the refresh-token grant (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC
 * 6749 §6</a>) through a {@link io.signlink.connection.TokenRefresher}, and commits the new tokens,
 * a rotated refresh token included, by compare-and-set before anyone is answered (#61, #64, #90;
 * <a href="https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2">RFC 9700 §4.14.2</a> is why:
 * reusing a rotated refresh token makes the provider revoke the grant). {@code invalid_grant} is
 * re-checked against the stored row before the connection is marked {@code REAUTH_REQUIRED} (#62);
 * transient faults are retried a little and a still-valid token keeps serving (#81–#83);
 * {@code invalid_client} pauses the provider, not the user's connection (#87).
 *
 * <p>Around it: {@link io.signlink.connection.AuthorizedCall} refreshes once on a 401 (<a
 * href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>, #58); {@link
 * io.signlink.connection.BackgroundRefresher} refreshes due connections ahead of use, sharing the
 * work between instances (#95, #96); {@link io.signlink.connection.ConnectionEvents} fans events
 * out to listeners; store notifications drop cached tokens on every instance.
 */
package io.signlink.connection;
