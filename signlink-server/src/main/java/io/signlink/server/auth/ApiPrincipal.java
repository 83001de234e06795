package io.signlink.server.auth;

import io.javalin.http.Context;
import io.signlink.application.ApiScope;
import io.signlink.application.Application;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the API: the application a verified key belongs to, the key's id and its scopes
 * (SECURITY.md §applications). Set on the request by {@link ApiKeyAuth#require}; routes read it
 * with {@link #of(Context)}. Immutable.
 *
 * @param keyId the stored key's id, or {@link #ADMIN_KEY_ID} for {@code SIGNLINK_ADMIN_KEY}
 */
public record ApiPrincipal(
    String applicationId, String keyId, String keyName, Set<ApiScope> scopes) {
  /** The key id of the configured {@code SIGNLINK_ADMIN_KEY}, which is never stored. */
  public static final String ADMIN_KEY_ID = "admin";

  static final String ATTRIBUTE = "signlink.principal";

  public ApiPrincipal {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(keyName, "keyName");
    scopes = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
  }

  /** The operator: {@code SIGNLINK_ADMIN_KEY}, or the console in open (dev) mode. */
  public static ApiPrincipal operator() {
    return new ApiPrincipal(
        Application.DEFAULT_ID, ADMIN_KEY_ID, "admin", EnumSet.allOf(ApiScope.class));
  }

  /** True when the key has {@code scope}; {@link ApiScope#ADMIN} implies every scope. */
  public boolean has(ApiScope scope) {
    return scopes.contains(scope) || scopes.contains(ApiScope.ADMIN);
  }

  /** True when the key has at least one of {@code anyOf} (or none is required). */
  public boolean hasAny(Set<ApiScope> anyOf) {
    return anyOf.isEmpty() || anyOf.stream().anyMatch(this::has);
  }

  /**
   * True for an admin key of the default application: the operator's, which manages every
   * application and key. Admin keys of other applications manage only their own.
   */
  public boolean isOperator() {
    return scopes.contains(ApiScope.ADMIN) && applicationId.equals(Application.DEFAULT_ID);
  }

  /** True when this caller may see and act on things of {@code applicationId}. */
  public boolean owns(String otherApplicationId) {
    return applicationId.equals(otherApplicationId);
  }

  /** The principal {@link ApiKeyAuth#require} put on this request. */
  public static ApiPrincipal of(Context ctx) {
    ApiPrincipal p = ctx.attribute(ATTRIBUTE);
    if (p == null) {
      throw new IllegalStateException("the route did not check the API key before reading it");
    }
    return p;
  }
}
