/**
 * Outgoing webhooks: connection events (created, refreshed, reauthorization required, revoked,
 * deleted) POSTed as JSON to the configured URLs. Each delivery is signed with HMAC-SHA256 over
 * {@code timestamp + "." + body} ({@code SignLink-Signature: v1=<hex>}, {@code SignLink-Timestamp}:
 * Unix seconds) so receivers can check origin and reject replays: {@link
 * io.signlink.runtime.webhook.WebhookSigner#check} refuses a timestamp more than five minutes off,
 * and the event id, the same on every retry, lets receivers drop repeats (docs/WEBHOOKS.md). Events
 * go onto a bounded queue and are delivered by one background thread with exponential backoff; the
 * thread that caused the event never waits, and a full queue drops (and counts) the event rather
 * than blocking a refresh. Payloads never carry a token (SECURITY.md §redaction,
 * §refresh-tokens-stay).
 */
package io.signlink.runtime.webhook;
