package io.signlink.provider;

/** Which family of provider a profile belongs to; decides account discovery and API quirks. */
public enum ProviderKind {
  BOLDSIGN,
  DOCUSIGN,
  /** Any OpenID Connect provider configured by issuer URL. */
  OIDC
}
