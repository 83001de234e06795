package io.signlink.server.route;

import io.signlink.application.ApiScope;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code /openapi.json} says about one route. Immutable.
 *
 * @param auth how the caller authenticates: {@code "none"}, {@code "apiKey"} or {@code "console"}
 * @param produces the media type of the success response ({@code application/json}, {@code
 *     text/html}, {@code text/plain} …)
 * @param responses the status codes the route answers with
 * @param scopes for {@code apiKey} routes, the key must have one of these (none: any valid key);
 *     the route's guard enforces exactly this set (SECURITY.md §applications)
 */
public record RouteDoc(
    String summary,
    String tag,
    String auth,
    String produces,
    List<Integer> responses,
    Set<ApiScope> scopes) {
  public RouteDoc {
    scopes = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(scopes);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(produces, "produces");
    responses = List.copyOf(responses);
  }

  /** A route with no scope requirement. */
  public RouteDoc(
      String summary, String tag, String auth, String produces, List<Integer> responses) {
    this(summary, tag, auth, produces, responses, Set.of());
  }

  /** The same route, callable with a key having any one of {@code anyOf}; adds 403 to responses. */
  public RouteDoc requiring(ApiScope... anyOf) {
    List<Integer> withForbidden = new java.util.ArrayList<>(responses);
    if (!withForbidden.contains(403)) {
      withForbidden.add(403);
      withForbidden.sort(Integer::compare);
    }
    return new RouteDoc(summary, tag, auth, produces, withForbidden, Set.of(anyOf));
  }

  public static RouteDoc json(String tag, String summary, Integer... responses) {
    return new RouteDoc(summary, tag, "none", "application/json", List.of(responses));
  }

  public static RouteDoc api(String summary, Integer... responses) {
    return new RouteDoc(summary, "api", "apiKey", "application/json", List.of(responses));
  }

  public static RouteDoc html(String tag, String summary, Integer... responses) {
    return new RouteDoc(summary, tag, "none", "text/html", List.of(responses));
  }

  public static RouteDoc console(String summary, Integer... responses) {
    return new RouteDoc(summary, "console", "console", "text/html", List.of(responses));
  }

  public RouteDoc produces(String mediaType) {
    return new RouteDoc(summary, tag, auth, mediaType, responses, scopes);
  }
}
