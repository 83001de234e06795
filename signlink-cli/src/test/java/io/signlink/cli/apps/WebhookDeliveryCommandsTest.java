package io.signlink.cli.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.CliWorld;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.NewWebhookEvent;
import io.signlink.store.outbox.WebhookOutbox;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code signlink apps deliveries|redeliver}: a given-up webhook delivery is visible from the
 * terminal with what the receiver answered, and can be queued again (SECURITY.md
 * §durable-webhooks).
 */
class WebhookDeliveryCommandsTest {
  private CliWorld world;

  @BeforeEach
  void start() {
    world = CliWorld.start();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void aGivenUpDeliveryIsListedAndQueuedAgain() {
    CliRun.Result created =
        world
            .cli()
            .run(
                "apps",
                "create",
                "acme",
                "--webhook-url",
                "https://acme.example/hook",
                "--webhook-event",
                "connection.reauth_required");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id =
        world
            .cli()
            .withRuntime(
                rt -> {
                  WebhookOutbox outbox = rt.store().webhookOutbox();
                  outbox.enqueue(
                      new NewWebhookEvent(
                          "ev-1",
                          "acme",
                          "connection.reauth_required",
                          "conn-1",
                          "{\"id\":\"ev-1\"}",
                          List.of(URI.create("https://acme.example/hook"))),
                      Duration.ofHours(1));
                  Delivery d = outbox.claim("test", 1, Duration.ofMinutes(1)).get(0);
                  outbox.fail(d, "HTTP 410; refused, not retried");
                  return d.id();
                });

    CliRun.Result list = world.cli().run("apps", "deliveries", "acme", "--status", "failed");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains(id)
        .contains("connection.reauth_required")
        .contains("failed")
        .contains("HTTP 410; refused, not retried");
    assertThat(list.err()).contains("1 failed").contains("signlink apps redeliver acme <id>");

    CliRun.Result again = world.cli().run("apps", "redeliver", "acme", id);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(world.cli().run("apps", "deliveries", "acme", "--status", "pending").out())
        .contains(id);
    CliRun.Result twice = world.cli().run("apps", "redeliver", "acme", id);
    assertThat(twice.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(twice.err()).contains("is pending; only a failed one is sent again");
  }

  @Test
  void refusesAnUnknownEventStatusOrApplication() {
    CliRun.Result event =
        world
            .cli()
            .run(
                "apps",
                "create",
                "acme",
                "--webhook-url",
                "https://acme.example/hook",
                "--webhook-event",
                "connection.exploded");
    assertThat(event.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(event.err()).contains("connection.exploded").contains("connection.recovered");
    assertThat(world.cli().run("apps", "deliveries", "default", "--status", "lost").err())
        .contains("pending, delivered or failed");
    assertThat(world.cli().run("apps", "deliveries", "nobody").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(world.cli().run("apps", "redeliver", "default", "no-such-id").exitCode())
        .isEqualTo(ExitCodes.FAILURE);
  }
}
