package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.testing.LogCapture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionEventsTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  final ConnectionEvent event =
      new ConnectionEvent(
          ConnectionEvent.Type.REFRESHED,
          "conn-1",
          "docusign",
          "owner-1",
          Instant.parse("2026-11-22T10:00:00Z"),
          null);

  @Test
  void aFailingListenerIsLoggedWithoutItsMessageAndTheOthersStillRun() {
    ConnectionEvents events = new ConnectionEvents();
    List<ConnectionEvent> received = new ArrayList<>();
    events.register(
        e -> {
          throw new IllegalStateException("leaked-secret-value-123");
        });
    events.register(received::add);
    events.onEvent(event);
    assertThat(received).containsExactly(event);
    assertThat(logs.text()).contains("connection.refreshed", "conn-1", "IllegalStateException");
    assertThat(logs.text()).doesNotContain("leaked-secret-value-123");
  }

  @Test
  void aRemovedListenerReceivesNothing() throws Exception {
    ConnectionEvents events = new ConnectionEvents();
    List<ConnectionEvent> received = new ArrayList<>();
    AutoCloseable handle = events.register(received::add);
    handle.close();
    events.onEvent(event);
    assertThat(received).isEmpty();
    assertThat(events.size()).isZero();
  }
}
