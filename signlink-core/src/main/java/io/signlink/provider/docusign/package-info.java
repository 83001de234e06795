/**
 * DocuSign: plain OAuth 2.0 (no ID token) with account discovery through {@code /oauth/userinfo}.
 *
 * <p>{@link io.signlink.provider.docusign.DocuSignProfiles} builds the Authorization Code Grant
 * profile for the demo or production account server (or the emulator); {@link
 * io.signlink.provider.docusign.DocuSignAccountResolver} records every account of the user with its
 * own {@code base_uri}, the host its API calls must go to. For service integrations, {@link
 * io.signlink.provider.docusign.DocuSignJwtAssertion} signs the JWT-grant assertion (<a
 * href="https://www.rfc-editor.org/rfc/rfc7523">RFC 7523</a>) and {@link
 * io.signlink.provider.docusign.DocuSignConsent} turns {@code consent_required} into the one-time
 * consent URL. The eSignature API clients live here too. See {@code docs/PROVIDERS.md}.
 */
package io.signlink.provider.docusign;
