package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Login CSRF in real headless Chromium (SECURITY.md §connect-sessions): a lure page on another site
 * ({@code http://localhost:…}, while SignLink is {@code http://127.0.0.1:…}) sends the victim's
 * browser into SignLink's connect routes; the emulator approves without asking, as a provider that
 * remembers consent would. The victim's provider account must never end up under the attacker's
 * owner id.
 */
class LoginCsrfBrowserTest {
  static TestSignLink sl;
  static WebDriver driver;
  static HttpServer lure;
  static final Map<String, String> LURE_PAGES = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(ConsoleBrowserTest.CHROMEDRIVER),
        "install Debian's chromium and chromium-driver to run the browser test");
    sl = TestSignLink.start(true, false); // the provider approves at once
    lure = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    lure.createContext(
        "/",
        exchange -> {
          String page = LURE_PAGES.getOrDefault(exchange.getRequestURI().getPath(), "no lure");
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    lure.start();
    Path profile = Files.createTempDirectory("signlink-chromium-lure");
    ChromeOptions options = new ChromeOptions();
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      options.setBinary("/usr/bin/chromium");
    }
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(ConsoleBrowserTest.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build(),
            options);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (lure != null) {
      lure.stop(0);
    }
    if (sl != null) {
      sl.close();
    }
  }

  /** The lure's URL on a different site than SignLink's 127.0.0.1. */
  static String lureUrl(String path) {
    return "http://localhost:" + lure.getAddress().getPort() + path;
  }

  WebDriverWait await() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  String signLinkBase() {
    return "http://127.0.0.1:" + sl.server.port();
  }

  @Test
  void aLureToTheOldOwnerLinkConnectsNothing() {
    LURE_PAGES.put(
        "/old",
        "<!doctype html><title>win a prize</title><script>location.href = '"
            + signLinkBase()
            + "/connect/boldsign?owner=attacker-old';</script>");
    driver.get(lureUrl("/old"));
    await().until(ExpectedConditions.urlContains("127.0.0.1"));
    await().until(ExpectedConditions.presenceOfElementLocated(By.id("problem")));
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo("Connecting needs a link from the application");
    assertThat(ownersConnections("attacker-old")).isEmpty();
  }

  @Test
  void aLureToTheAttackersConnectLinkStopsAtTheConfirmationPage() throws Exception {
    JsonNode session =
        sl.createSession("boldsign", "attacker-link", "\"email\": \"mallory@evil.example\"");
    LURE_PAGES.put(
        "/link",
        "<!doctype html><title>win a prize</title><script>location.href = '"
            + session.get("connect_url").asText()
            + "';</script>");
    driver.get(lureUrl("/link"));
    await().until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
    // the victim sees whose account this would be, and nothing happens unless they continue
    assertThat(driver.findElement(By.id("confirm-boldsign")).getText())
        .isEqualTo("Connect BoldSign for Acme Inc. as mallory@evil.example?");
    Thread.sleep(1500); // give any script a chance to move on; there is none on this page
    assertThat(driver.getCurrentUrl()).startsWith(signLinkBase() + "/connect?session=");
    assertThat(ownersConnections("attacker-link")).isEmpty();
  }

  @Test
  void aLureThatAutoSubmitsContinueIsRefused() {
    JsonNode session = sl.createSession("boldsign", "attacker-post", "");
    // the attacker loads the confirmation page in their own client to learn its form fields
    HttpClient attacker = TestSignLink.browser();
    HttpResponse<String> page = sl.confirmPage(attacker, session.get("connect_url").asText());
    String form =
        "<form id=f method=post action='"
            + signLinkBase()
            + "/connect/boldsign'><input type=hidden name=session value='"
            + TestSignLink.hidden(page.body(), "session")
            + "'><input type=hidden name=csrf value='"
            + TestSignLink.hidden(page.body(), "csrf")
            + "'></form>";
    // first the victim is shown the page (so their browser holds a binding cookie), then the
    // lure submits Continue cross-site
    driver.get(session.get("connect_url").asText());
    await().until(ExpectedConditions.presenceOfElementLocated(By.id("confirm")));
    LURE_PAGES.put(
        "/post",
        "<!doctype html><title>win a prize</title>"
            + form
            + "<script>document.getElementById('f').submit();</script>");
    driver.get(lureUrl("/post"));
    await().until(ExpectedConditions.urlContains("127.0.0.1"));
    await().until(ExpectedConditions.presenceOfElementLocated(By.id("problem")));
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo("Please confirm on SignLink's page");
    assertThat(driver.getCurrentUrl()).doesNotContain(sl.emulator.baseUri().toString());
    assertThat(ownersConnections("attacker-post")).isEmpty();
  }

  @Test
  void theVictimsOwnLinkConnectsAfterContinue() {
    JsonNode session = sl.createSession("boldsign", "victim", "\"email\": \"victim@example.com\"");
    driver.get(session.get("connect_url").asText());
    await().until(ExpectedConditions.elementToBeClickable(By.id("continue-boldsign"))).click();
    await().until(ExpectedConditions.presenceOfElementLocated(By.id("connected")));
    assertThat(driver.getCurrentUrl()).isEqualTo(signLinkBase() + "/connect/done");
    assertThat(ownersConnections("victim")).hasSize(1);
  }

  private static List<String> ownersConnections(String owner) {
    JsonNode list =
        TestSignLink.readJson(
            sl.api("GET", "/api/connections?owner=" + owner, TestSignLink.ADMIN_KEY, null).body());
    List<String> ids = new ArrayList<>();
    list.get("connections").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }
}
