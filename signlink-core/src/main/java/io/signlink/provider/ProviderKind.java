package io.signlink.provider;

/**
 * A coarse family tag kept for profiles built in code ({@code BoldSignProfiles}, {@code
 * DocuSignProfiles}, OIDC discovery): each names the built-in definition that describes it. What a
 * provider does is decided by its {@code io.signlink.provider.definition.ProviderDefinition}, never
 * by testing the kind.
 */
public enum ProviderKind {
  BOLDSIGN("boldsign"),
  DOCUSIGN("docusign"),
  /** Any OpenID Connect provider configured by issuer URL. */
  OIDC("oidc"),
  /** A provider known only from its definition; the profile names the definition. */
  DEFINED(null);

  private final String definitionId;

  ProviderKind(String definitionId) {
    this.definitionId = definitionId;
  }

  /** The built-in definition of this kind, or {@code null} for {@link #DEFINED}. */
  public String definitionId() {
    return definitionId;
  }
}
