/**
 * Serves a provider entirely from its profile (no provider-specific code): the authorization
 * endpoint and consent page, the token endpoint (and a separate refresh endpoint where the provider
 * has one), revocation where it has one, and its API calls answered from the profile's JSON
 * templates in the provider's own error shapes. Regional hosts are mounted once per region.
 */
package io.signlink.emulator.generic;
