package io.signlink.server.connect;

import io.javalin.http.Context;
import io.signlink.server.auth.ApiKeyAuth;

/**
 * Who is asking for a connect session: the one place the connect routes learn the calling
 * application and check its scope. Throws an HTTP problem (401/403) when the caller may not.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ConnectCaller {
  /** Scope needed to create a connect session for a new connection. */
  String CREATE_SCOPE = "connect-sessions:create";

  /** Scope needed to create a reconnect session for an existing connection. */
  String MANAGE_SCOPE = "connections:manage";

  /** The application every key belongs to until keys carry their own. */
  String DEFAULT_APPLICATION = "default";

  /**
   * The calling application's id, after checking that the caller holds {@code scope}.
   *
   * @throws io.signlink.server.http.HttpProblem 401 without a valid key, 403 without the scope
   */
  String callerApplicationId(Context ctx, String scope);

  /** Today's caller: any valid API key, acting for {@link #DEFAULT_APPLICATION} with all scopes. */
  static ConnectCaller apiKeys(ApiKeyAuth auth) {
    return (ctx, scope) -> {
      auth.require(ctx);
      return DEFAULT_APPLICATION;
    };
  }
}
