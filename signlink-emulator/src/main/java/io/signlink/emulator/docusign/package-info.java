/**
 * DocuSign as the emulator plays it: the account server under {@code /docusign} ({@code
 * /oauth/auth}, {@code /oauth/token}, {@code /oauth/userinfo}) and the eSignature REST API under
 * {@code /docusign-api/restapi/v2.1} — the {@code base_uri} every seeded account reports.
 *
 * <p>Quirks reproduced from {@code docs/PROVIDERS.md}: HTTP Basic client authentication for
 * confidential clients; access tokens of eight hours; refresh tokens without {@code
 * offline_access}, rotated on every use; the JWT grant with {@code consent_required}; userinfo with
 * one to three accounts and {@code is_default} as a string for some users and a boolean for others;
 * DocuSign's {@code errorCode}/{@code message} error bodies; numbers as strings in envelope lists,
 * and no {@code envelopes} member at all when a list is empty.
 */
package io.signlink.emulator.docusign;
