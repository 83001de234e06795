package io.signlink.store.outbox;

/** Where a webhook delivery stands. */
public enum DeliveryStatus {
  /** Not delivered yet: waiting for its next attempt, or being attempted now. */
  PENDING,
  /** The endpoint answered 2xx. */
  DELIVERED,
  /**
   * Given up: the endpoint refused it for good (a 4xx other than 408 and 429), its retry time ran
   * out, or the application no longer sends to that endpoint. {@link WebhookOutbox#redeliver} sends
   * it again.
   */
  FAILED
}
