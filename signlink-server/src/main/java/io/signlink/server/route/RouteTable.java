package io.signlink.server.route;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the server's handlers, each with its {@link RouteDoc}, while the server is being
 * assembled, then declares them all on Javalin's configuration at once ({@link #declareOn}):
 * Javalin 7 takes every route up front, before the server starts. Used on one thread while
 * assembling; {@link #routes()} is safe to read afterwards.
 */
public final class RouteTable {
  /** One registered route. {@code path} uses Javalin syntax ({@code {id}}, {@code <path>}). */
  public record Route(HandlerType method, String path, RouteDoc doc) {}

  private record Registration(Route route, Handler handler) {}

  private final List<Registration> registrations = new ArrayList<>();
  private final Set<String> hot = new HashSet<>();

  public RouteTable get(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.GET, path, doc, handler);
  }

  public RouteTable post(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.POST, path, doc, handler);
  }

  public RouteTable delete(String path, RouteDoc doc, Handler handler) {
    return add(HandlerType.DELETE, path, doc, handler);
  }

  public RouteTable add(HandlerType method, String path, RouteDoc doc, Handler handler) {
    registrations.add(new Registration(new Route(method, path, doc), handler));
    return this;
  }

  /**
   * Marks {@code path} as a hot route: Javalin tries routes in the order they were declared, and a
   * route tried first is matched with one pattern instead of one per route declared before it. Only
   * for a path that no other route can match (the order then changes no answer); {@link #routes()}
   * keeps the order of registration.
   */
  public RouteTable matchFirst(String path) {
    hot.add(path);
    return this;
  }

  /** Declares every collected route: the hot ones first, then the rest in the order added. */
  public void declareOn(RoutesConfig javalinRoutes) {
    for (Registration r : registrations) {
      if (hot.contains(r.route().path())) {
        javalinRoutes.addHttpHandler(r.route().method(), r.route().path(), r.handler());
      }
    }
    for (Registration r : registrations) {
      if (!hot.contains(r.route().path())) {
        javalinRoutes.addHttpHandler(r.route().method(), r.route().path(), r.handler());
      }
    }
  }

  public List<Route> routes() {
    return registrations.stream().map(Registration::route).toList();
  }
}
