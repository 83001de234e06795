package io.signlink.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signlink.server.route.RouteTable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.0 document from the route table, so every registered route is described and
 * nothing else is. Stateless.
 */
public final class OpenApiDocument {
  private static final Pattern PARAM = Pattern.compile("[{<]([a-zA-Z_]+)[}>]");

  private OpenApiDocument() {}

  public static ObjectNode build(
      ObjectMapper json, Iterable<RouteTable.Route> routes, String version) {
    ObjectNode doc = json.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "SignLink");
    info.put("version", version);
    info.put(
        "description",
        "OAuth 2.0 connections to BoldSign, DocuSign and OpenID Connect providers. Errors are"
            + " {\"error\": code, \"message\": what-to-do}.");
    ObjectNode components = doc.putObject("components");
    ObjectNode schemes = components.putObject("securitySchemes");
    ObjectNode bearer = schemes.putObject("apiKey");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put(
        "description",
        "An API key, Authorization: Bearer sk_…. It acts for one application and sees only that"
            + " application's connections; x-signlink-scopes lists the scopes a route accepts (any"
            + " one of them, admin implies all).");
    ObjectNode session = schemes.putObject("console");
    session.put("type", "apiKey");
    session.put("in", "cookie");
    session.put("name", "signlink_session");
    ObjectNode error = components.putObject("schemas").putObject("Error");
    error.put("type", "object");
    error.putArray("required").add("error").add("message");
    ObjectNode props = error.putObject("properties");
    props.putObject("error").put("type", "string");
    props.putObject("message").put("type", "string");
    props.putObject("reconnect_url").put("type", "string");

    ObjectNode paths = doc.putObject("paths");
    for (RouteTable.Route route : routes) {
      String path = openApiPath(route.path());
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      ObjectNode op = item.putObject(route.method().name().toLowerCase(Locale.ROOT));
      op.put("summary", route.doc().summary());
      op.putArray("tags").add(route.doc().tag());
      op.put(
          "operationId",
          route.method().name().toLowerCase(Locale.ROOT) + path.replaceAll("[^a-zA-Z0-9]+", "_"));
      if (!route.doc().auth().equals("none")) {
        op.putArray("security").addObject().putArray(route.doc().auth());
      }
      if (!route.doc().scopes().isEmpty()) {
        ArrayNode scopes = op.putArray("x-signlink-scopes");
        route.doc().scopes().stream()
            .map(io.signlink.application.ApiScope::wireName)
            .sorted()
            .forEach(scopes::add);
      }
      ArrayNode params = op.putArray("parameters");
      Matcher m = PARAM.matcher(route.path());
      while (m.find()) {
        ObjectNode p = params.addObject();
        p.put("name", m.group(1));
        p.put("in", "path");
        p.put("required", true);
        p.putObject("schema").put("type", "string");
      }
      ObjectNode responses = op.putObject("responses");
      for (int status : route.doc().responses()) {
        ObjectNode r = responses.putObject(Integer.toString(status));
        r.put("description", describe(status));
        String media =
            status >= 400 && route.doc().produces().equals("application/json")
                ? "application/json"
                : route.doc().produces();
        if (status != 204 && status != 303) {
          ObjectNode content = r.putObject("content").putObject(media);
          if (status >= 400 && media.equals("application/json")) {
            content.putObject("schema").put("$ref", "#/components/schemas/Error");
          }
        }
      }
    }
    return doc;
  }

  /** Javalin's {@code {id}} and {@code <path>} both become OpenAPI {@code {id}}. */
  public static String openApiPath(String javalinPath) {
    return PARAM.matcher(javalinPath).replaceAll("{$1}");
  }

  private static String describe(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No content";
      case 303 -> "See other (redirect)";
      case 400 -> "Invalid request";
      case 401 -> "Missing or wrong API key";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 409 -> "Reauthorization required or conflict";
      case 413 -> "Request too large";
      case 429 -> "Rate limited (see Retry-After)";
      case 502 -> "The provider refused or answered badly";
      case 503 -> "Unavailable (see Retry-After)";
      default -> "Status " + status;
    };
  }
}
