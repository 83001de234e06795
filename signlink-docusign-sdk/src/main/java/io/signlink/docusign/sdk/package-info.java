/**
 * The official DocuSign eSign Java SDK ({@code com.docusign:docusign-esign-java}) with a
 * SignLink-managed token. {@link io.signlink.docusign.sdk.SignLinkApiClient} is the SDK's {@code
 * ApiClient} bound to one connection: its base path is the connection's account {@code base_uri} +
 * {@code /restapi}, every call takes the connection's current token from the token manager
 * (refreshed before it expires, SECURITY.md §freshness), and a 401 that refuses the token is
 * refreshed once and the call retried once under the rule of {@link
 * io.signlink.provider.api.BearerTokens} (SECURITY.md §retry-on-401). Use it with the SDK's own
 * {@code AccountsApi}, {@code EnvelopesApi}, … unchanged.
 */
package io.signlink.docusign.sdk;
