/**
 * The emulator's own control surface under {@code /_emulator/}: counters, fault injection, grant
 * revocation, signing-key rotation and forced access-token expiry, as JSON — the same operations
 * {@link io.signlink.emulator.Emulator} offers in Java, for the CLI demo and for tests in other
 * processes. Not part of either provider's API.
 */
package io.signlink.emulator.admin;
