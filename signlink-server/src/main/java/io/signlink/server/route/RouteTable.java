package io.signlink.server.route;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

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

  /** Declares every collected route, in the order it was added. */
  public void declareOn(RoutesConfig javalinRoutes) {
    for (Registration r : registrations) {
      javalinRoutes.addHttpHandler(r.route().method(), r.route().path(), r.handler());
    }
  }

  public List<Route> routes() {
    return registrations.stream().map(Registration::route).toList();
  }
}
