package io.signlink.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final RouteDoc DOC = RouteDoc.json("test", "test route", 200);

  /**
   * Two routes that both match {@code /items/special}: Javalin answers with the one declared first,
   * so this shows which one {@link RouteTable#declareOn} declared first.
   */
  private static String answerFor(boolean hot) throws Exception {
    RouteTable table = new RouteTable();
    table.get("/items/{id}", DOC, ctx -> ctx.result("generic"));
    table.get("/items/special", DOC, ctx -> ctx.result("special"));
    if (hot) {
      table.matchFirst("/items/special");
    }
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.startupWatcherEnabled = false;
              table.declareOn(cfg.routes);
            });
    try {
      app.start("127.0.0.1", 0);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + app.port() + "/items/special"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.body();
    } finally {
      app.stop();
    }
  }

  @Test
  void declaresRoutesInTheOrderAddedByDefault() throws Exception {
    assertThat(answerFor(false)).isEqualTo("generic");
  }

  @Test
  void declaresHotRoutesFirstButListsRoutesInTheOrderAdded() throws Exception {
    assertThat(answerFor(true)).isEqualTo("special");
    RouteTable table = new RouteTable();
    table.get("/a", DOC, ctx -> {}).get("/b", DOC, ctx -> {}).matchFirst("/b");
    assertThat(table.routes()).extracting(RouteTable.Route::path).containsExactly("/a", "/b");
  }
}
