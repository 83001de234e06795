/**
 * Outgoing webhooks: connection events (created, reauthorization required, recovered, revoked,
 * deleted, and refreshed for a webhook that asks for it) POSTed as JSON to each application's
 * webhook. {@link io.signlink.runtime.webhook.WebhookDispatcher} writes each wanted event into the
 * database outbox before the thread that caused it goes on; {@link
 * io.signlink.runtime.webhook.WebhookDelivery} on any instance claims due deliveries under a lease,
 * sends them and records the outcome, retrying failures on the {@link
 * io.signlink.runtime.webhook.RetrySchedule} until it gives up (SECURITY.md §durable-webhooks).
 * Each delivery is signed with HMAC-SHA256 over {@code timestamp + "." + body} ({@code
 * SignLink-Signature: v1=<hex>}, {@code SignLink-Timestamp}: Unix seconds) so receivers can check
 * origin and reject replays: {@link io.signlink.runtime.webhook.WebhookSigner#check} refuses a
 * timestamp more than five minutes off, and the event id, the same on every retry, lets receivers
 * drop repeats (docs/WEBHOOKS.md). Payloads never carry a token (SECURITY.md §redaction,
 * §refresh-tokens-stay).
 */
package io.signlink.runtime.webhook;
