/**
 * Applications: the backends that integrate with SignLink (SECURITY.md §applications). Each has its
 * own API keys, its own connections (another application's key gets 404 for them), its own
 * allow-listed return URLs for connect sessions, and its own webhook. The {@link
 * io.signlink.application.Application#DEFAULT_ID default} application holds everything made before
 * applications existed and whatever is made where no application is known (CLI login).
 */
package io.signlink.application;
