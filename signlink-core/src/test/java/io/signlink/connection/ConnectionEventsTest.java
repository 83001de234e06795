package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void aWriteRunsItsRecordersInsideTheStoresTransactionAndTellsTheListenersAfter() {
    InMemoryConnectionStore store = new InMemoryConnectionStore(java.time.Clock.systemUTC());
    ConnectionEvents events = new ConnectionEvents();
    List<String> heard = new ArrayList<>();
    events.register(e -> heard.add("listener" + (store.inTransaction() ? " inside" : " after")));
    events.registerRecorder(
        e -> heard.add("recorder" + (store.inTransaction() ? " inside" : " after")));

    String result = events.afterWrite(store, () -> "written", r -> List.of(event));

    assertThat(result).isEqualTo("written");
    assertThat(heard).containsExactly("recorder inside", "listener after");
  }

  @Test
  void aWriteThatFailsTellsNobody() {
    InMemoryConnectionStore store = new InMemoryConnectionStore(java.time.Clock.systemUTC());
    ConnectionEvents events = new ConnectionEvents();
    List<ConnectionEvent> heard = new ArrayList<>();
    events.register(heard::add);
    events.registerRecorder(heard::add);

    assertThatThrownBy(
            () ->
                events.afterWrite(
                    store,
                    () -> {
                      throw new IllegalStateException("refused");
                    },
                    r -> List.of(event)))
        .hasMessage("refused");
    assertThat(heard).isEmpty();
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
