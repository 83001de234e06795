package io.signlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.cli.login.LoginFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.oauth.Secret;
import io.signlink.provider.ResolvedIdentity;

/** Placeholder; wired when the store and engine land. */
public final class CliRuntime implements AutoCloseable {
  static CliRuntime open(CliContext context) {
    throw new UnsupportedOperationException("not wired yet");
  }

  public ConnectionStore connections() {
    throw new UnsupportedOperationException("not wired yet");
  }

  public io.signlink.store.SignLinkStore store() {
    throw new UnsupportedOperationException("not wired yet");
  }

  public LoginFlow loginFlow() {
    throw new UnsupportedOperationException("not wired yet");
  }

  public Secret accessToken(Connection c) {
    throw new UnsupportedOperationException("not wired yet");
  }

  public Connection refresh(Connection c) {
    throw new UnsupportedOperationException("not wired yet");
  }

  public boolean revokeAtProvider(Connection c) {
    throw new UnsupportedOperationException("not wired yet");
  }

  public ResolvedIdentity identity(Connection c) {
    throw new UnsupportedOperationException("not wired yet");
  }

  public JsonNode getJson(Connection c, String path) {
    throw new UnsupportedOperationException("not wired yet");
  }

  @Override
  public void close() {}
}
