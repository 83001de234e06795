package io.signlink.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.oauth.Secret;
import io.signlink.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SECURITY.md §webhook-verification: signature, tolerance window, and de-duplication by id. */
class WebhookSignerTest {
  static final Secret SECRET = Secret.of("whsec_test_0123456789abcdef");
  static final byte[] BODY =
      "{\"id\":\"evt-1\",\"type\":\"connection.created\"}".getBytes(StandardCharsets.UTF_8);

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  final WebhookSigner receiver = new WebhookSigner(SECRET, clock, Duration.ofMinutes(5));

  long now() {
    return clock.instant().getEpochSecond();
  }

  @Test
  void acceptsAFreshDeliveryWithinFiveMinutesEitherWay() {
    long ts = now();
    String sig = receiver.sign(ts, BODY);
    assertThat(receiver.check(Long.toString(ts), BODY, sig)).isEqualTo(WebhookSigner.Verdict.VALID);
    clock.advance(Duration.ofMinutes(5));
    assertThat(receiver.verify(Long.toString(ts), BODY, sig)).isTrue();
    clock.advance(Duration.ofMinutes(-10)); // the sender's clock runs five minutes ahead
    assertThat(receiver.verify(ts, BODY, sig)).isTrue();
  }

  @Test
  void refusesAReplayOutsideTheWindow() {
    long ts = now();
    String sig = receiver.sign(ts, BODY);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(receiver.check(Long.toString(ts), BODY, sig))
        .isEqualTo(WebhookSigner.Verdict.OUTSIDE_WINDOW);
    clock.advance(Duration.ofMinutes(-10).minusSeconds(2));
    assertThat(receiver.check(Long.toString(ts), BODY, sig))
        .isEqualTo(WebhookSigner.Verdict.OUTSIDE_WINDOW);
  }

  @Test
  void refusesChangedBodiesTimestampsAndOtherSecrets() {
    long ts = now();
    String sig = receiver.sign(ts, BODY);
    byte[] changed = "{\"id\":\"evt-2\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(receiver.check(Long.toString(ts), changed, sig))
        .isEqualTo(WebhookSigner.Verdict.BAD_SIGNATURE);
    assertThat(receiver.check(Long.toString(ts + 1), BODY, sig))
        .isEqualTo(WebhookSigner.Verdict.BAD_SIGNATURE);
    String forged = new WebhookSigner(Secret.of("another_secret_0123456789")).sign(ts, BODY);
    assertThat(receiver.check(Long.toString(ts), BODY, forged))
        .isEqualTo(WebhookSigner.Verdict.BAD_SIGNATURE);
  }

  @Test
  void refusesMissingOrMalformedHeaders() {
    String sig = receiver.sign(now(), BODY);
    assertThat(receiver.check(null, BODY, sig)).isEqualTo(WebhookSigner.Verdict.MALFORMED);
    assertThat(receiver.check("yesterday", BODY, sig)).isEqualTo(WebhookSigner.Verdict.MALFORMED);
    assertThat(receiver.check(Long.toString(now()), BODY, null))
        .isEqualTo(WebhookSigner.Verdict.MALFORMED);
  }

  @Test
  void theDocumentedReceiverHandlesARetriedEventOnce() {
    ExampleReceiver app = new ExampleReceiver(SECRET, clock);
    WebhookSigner sender = new WebhookSigner(SECRET);
    long first = now();
    assertThat(app.receive(Long.toString(first), sender.sign(first, BODY), BODY, "evt-1"))
        .isEqualTo(ExampleReceiver.Outcome.PROCESSED);
    clock.advance(Duration.ofSeconds(30)); // SignLink retries with a new timestamp, same id
    long retry = now();
    assertThat(app.receive(Long.toString(retry), sender.sign(retry, BODY), BODY, "evt-1"))
        .isEqualTo(ExampleReceiver.Outcome.DUPLICATE);
    assertThat(app.receive(Long.toString(first), sender.sign(first, BODY), BODY, "evt-2"))
        .isEqualTo(ExampleReceiver.Outcome.PROCESSED);
    clock.advance(Duration.ofMinutes(6)); // a replay of the first delivery is now stale
    assertThat(app.receive(Long.toString(first), sender.sign(first, BODY), BODY, "evt-1"))
        .isEqualTo(ExampleReceiver.Outcome.REJECTED);
  }
}
