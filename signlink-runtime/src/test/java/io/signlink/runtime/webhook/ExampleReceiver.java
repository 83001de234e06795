package io.signlink.runtime.webhook;

import io.signlink.oauth.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The receiver shown in docs/WEBHOOKS.md, kept compiling and tested: verify, then drop repeats by
 * event id. Ids are remembered for twice the tolerance window; anything older fails the timestamp
 * check anyway, so the memory stays bounded.
 */
final class ExampleReceiver {
  enum Outcome {
    PROCESSED,
    DUPLICATE,
    REJECTED
  }

  private final WebhookSigner signer;
  private final Clock clock;
  private final Map<String, Instant> seen = new LinkedHashMap<>();

  ExampleReceiver(Secret secret, Clock clock) {
    this.signer = new WebhookSigner(secret, clock, WebhookSigner.DEFAULT_TOLERANCE);
    this.clock = clock;
  }

  /** Called with the two headers as received and the raw body. */
  synchronized Outcome receive(String timestamp, String signature, byte[] body, String eventId) {
    if (!signer.verify(timestamp, body, signature)) {
      return Outcome.REJECTED; // answer 400 or 401; SignLink does not retry a 4xx
    }
    Instant now = clock.instant();
    Duration keep = WebhookSigner.DEFAULT_TOLERANCE.multipliedBy(2);
    for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
      if (it.next().isBefore(now.minus(keep))) {
        it.remove();
      }
    }
    if (seen.putIfAbsent(eventId, now) != null) {
      return Outcome.DUPLICATE; // answer 200: it was handled the first time
    }
    return Outcome.PROCESSED; // handle it, then answer 2xx
  }
}
