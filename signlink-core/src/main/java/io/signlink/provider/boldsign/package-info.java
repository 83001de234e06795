/**
 * BoldSign: an OpenID Connect provider (IdentityServer endpoints under {@code /connect/…}) with
 * four data regions, each with its own account server and API host ({@link
 * io.signlink.provider.boldsign.BoldSignRegion}). {@link
 * io.signlink.provider.boldsign.BoldSignProfiles} builds the profile for a region (or for the
 * emulator); {@link io.signlink.provider.boldsign.BoldSignAccountResolver} maps the signed-in user
 * to their one account on the region's API host. See {@code docs/PROVIDERS.md}.
 */
package io.signlink.provider.boldsign;
