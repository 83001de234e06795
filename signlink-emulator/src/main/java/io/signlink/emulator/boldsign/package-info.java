/**
 * BoldSign as the emulator plays it: an IdentityServer-style OpenID Connect provider under {@code
 * /boldsign} (discovery, JWKS, authorize, token, userinfo, RFC 7009 revocation) and the document
 * API under {@code /boldsign-api/v1}.
 *
 * <p>Quirks reproduced from {@code docs/PROVIDERS.md}: refresh tokens only with {@code
 * offline_access}; {@code client_secret_post} as in BoldSign's guide (Basic accepted too); access
 * tokens of one hour; the API accepts {@code Authorization: Bearer} or {@code X-API-KEY}; {@code
 * Page} is required on {@code /v1/document/list}; a failed authentication is a 401 with an
 * <em>empty</em> body.
 */
package io.signlink.emulator.boldsign;
