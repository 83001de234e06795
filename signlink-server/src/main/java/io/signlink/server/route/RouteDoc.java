package io.signlink.server.route;

import java.util.List;
import java.util.Objects;

/**
 * What {@code /openapi.json} says about one route. Immutable.
 *
 * @param auth how the caller authenticates: {@code "none"}, {@code "apiKey"} or {@code "console"}
 * @param produces the media type of the success response ({@code application/json}, {@code
 *     text/html}, {@code text/plain} …)
 * @param responses the status codes the route answers with
 */
public record RouteDoc(
    String summary, String tag, String auth, String produces, List<Integer> responses) {
  public RouteDoc {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(produces, "produces");
    responses = List.copyOf(responses);
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
    return new RouteDoc(summary, tag, auth, mediaType, responses);
  }
}
