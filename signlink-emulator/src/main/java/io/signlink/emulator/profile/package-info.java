/**
 * Emulator profiles: each emulated provider as data. A {@link io.signlink.emulator.profile.Profile}
 * is read from JSON ({@link io.signlink.emulator.profile.Profiles}) and says where the provider's
 * hosts and endpoints are, which scopes, lifetimes, refresh and client-authentication rules it has,
 * which users and demo clients it seeds and, for a generic profile, which API calls it answers;
 * {@link io.signlink.emulator.profile.Quirk} names the behaviour data cannot express. The format is
 * described in docs/EMULATOR.md.
 */
package io.signlink.emulator.profile;
