/**
 * The failures SignLink reports, as one sealed family rooted at {@link
 * io.signlink.error.SignLinkException}. Callers tell them apart with {@code instanceof}: provider
 * said no, transient, invalid response, flow rejected, re-consent required, storage, configuration.
 * Every subclass has a stable {@code code()} used in API error bodies and metrics.
 */
package io.signlink.error;
