package io.signlink.server.route;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Registers handlers on the Javalin app and remembers each with its {@link RouteDoc}. Used only
 * while the server is being assembled, on one thread; {@link #routes()} is safe to read afterwards.
 */
public final class RouteTable {
  /** One registered route. {@code path} uses Javalin syntax ({@code {id}}, {@code <path>}). */
  public record Route(HandlerType method, String path, RouteDoc doc) {}

  private final Javalin app;
  private final List<Route> routes = new ArrayList<>();

  public RouteTable(Javalin app) {
    this.app = Objects.requireNonNull(app, "app");
  }

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
    app.addHttpHandler(method, path, handler);
    routes.add(new Route(method, path, doc));
    return this;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }
}
