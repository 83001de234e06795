package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in real headless Chromium against the emulator: connect BoldSign and DocuSign through
 * the consent page, refresh, test call, revoke. Screenshots go to {@code target/screenshots}.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "screenshots");
  static TestSignLink sl;
  static WebDriver driver;
  static Path profile;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER),
        "install Debian's chromium and chromium-driver to run the browser test");
    sl = TestSignLink.start(false, true); // consent page shown, console open (dev mode)
    profile = Files.createTempDirectory("signlink-chromium");
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
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (sl != null) {
      sl.close();
    }
  }

  WebDriverWait await() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  void shot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        f.toPath(),
        SHOTS.resolve(name + ".png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  void connect(String provider, String owner) throws Exception {
    driver.get(sl.uri("/console").toString());
    driver.findElement(By.id("owner-" + provider)).sendKeys(owner);
    driver.findElement(By.id("connect-" + provider)).click();
    // SignLink's own confirmation page names provider, application and account first
    WebElement confirm =
        await().until(ExpectedConditions.elementToBeClickable(By.id("continue-" + provider)));
    assertThat(driver.findElement(By.id("confirm-" + provider)).getText()).contains(owner);
    shot("confirm-" + provider);
    confirm.click();
    WebElement allow;
    try {
      allow =
          await()
              .until(
                  ExpectedConditions.elementToBeClickable(By.cssSelector("button[value=allow]")));
    } catch (org.openqa.selenium.TimeoutException e) {
      shot("failed-consent-" + provider);
      throw new AssertionError(
          "no consent page at "
              + driver.getCurrentUrl()
              + ": "
              + driver.findElement(By.tagName("body")).getText(),
          e);
    }
    shot("consent-" + provider);
    allow.click();
    await().until(ExpectedConditions.urlContains("/console/connections/"));
    // The connection's page confirms the consent, once: the script drops the parameter that
    // asked for the banner, so a reload does not announce it again.
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("banner"))).getText())
        .startsWith("Connected: ")
        .contains(" for " + owner);
    await().until(d -> !d.getCurrentUrl().contains("consent="));
    shot("banner-" + provider);
    driver.get(sl.uri("/console").toString());
    await()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-provider=" + provider + "]")));
  }

  /** The page of the connection in {@code row}, opened from its link. */
  void openDetail(WebElement row) {
    row.findElement(By.cssSelector("a[href^='/console/connections/']")).click();
    await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section#accounts")));
  }

  /** Samples the countdown until {@code done}, failing if it ever looks expired in red. */
  static void neverRedUntil(
      WebDriver d, java.util.function.Predicate<WebElement> done, Duration max) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    List<String> seen = new java.util.ArrayList<>();
    while (System.nanoTime() < end) {
      WebElement t = d.findElement(By.cssSelector("time.countdown"));
      String text = t.getText();
      seen.add(text);
      assertThat(text).as("countdowns so far: %s", seen).doesNotContainIgnoringCase("expired");
      assertThat(t.getCssValue("color")).as(text).isNotEqualTo("rgba(192, 54, 44, 1)");
      if (done.test(t)) {
        return;
      }
      Thread.sleep(150);
    }
    throw new AssertionError("the page never got there; countdowns seen: " + seen);
  }

  WebElement row(String provider) {
    return driver.findElement(By.cssSelector("tr[data-provider=" + provider + "]"));
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void connectsRefreshesTestsAndRevokesInARealBrowser() throws Exception {
    driver.get(sl.uri("/console").toString());
    assertThat(driver.findElement(By.id("no-connections")).getText())
        .contains("No connections yet");

    connect("boldsign", "alice@example.com");
    connect("docusign", "bob@example.com");
    List<WebElement> rows = driver.findElements(By.cssSelector("#connections tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(row("boldsign").getText()).contains("alice@example.com").contains("active");
    assertThat(row("docusign").getText()).contains("bob@example.com");
    // the countdown script replaced the ISO timestamp with "in …"
    await()
        .until(
            d ->
                row("boldsign")
                    .findElement(By.cssSelector("time.countdown"))
                    .getText()
                    .startsWith("in "));
    shot("console-two-connections");

    row("boldsign").findElement(By.name("refresh")).click();
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
        .contains("Refreshed the boldsign connection");
    driver.findElement(By.name("test")).click();
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
        .contains("Test call OK")
        .contains("BoldSign:");
    shot("boldsign-detail-after-test-call");

    driver.get(sl.uri("/console").toString());
    row("docusign").findElement(By.name("test")).click();
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
        .contains("Test call OK")
        .contains("DocuSign account");

    driver.get(sl.uri("/console").toString());
    row("docusign").findElement(By.name("revoke")).click();
    await().until(ExpectedConditions.alertIsPresent()).dismiss(); // "Cancel": nothing happens
    assertThat(driver.findElements(By.cssSelector("tr[data-provider=docusign]"))).hasSize(1);
    row("docusign").findElement(By.name("revoke")).click();
    await().until(ExpectedConditions.alertIsPresent()).accept();
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
        .contains("Disconnected the docusign connection");
    assertThat(driver.findElements(By.cssSelector("tr[data-provider=docusign]"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("tr[data-provider=boldsign]"))).hasSize(1);
    shot("console-after-revoke");
  }

  @Test
  @org.junit.jupiter.api.Order(2) // after the first test, which leaves a BoldSign connection
  void onANarrowScreenEveryActionStaysOnScreen() throws Exception {
    driver.get(sl.uri("/console").toString());
    if (driver.findElements(By.cssSelector("tr[data-provider=boldsign]")).isEmpty()) {
      connect("boldsign", "narrow@example.com");
    }
    try {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(360, 800));
      driver.get(sl.uri("/console").toString());
      int width =
          ((Number)
                  ((org.openqa.selenium.JavascriptExecutor) driver)
                      .executeScript("return document.documentElement.clientWidth"))
              .intValue();
      for (WebElement button : row("boldsign").findElements(By.tagName("button"))) {
        org.openqa.selenium.Rectangle r = button.getRect();
        assertThat(r.getX() + r.getWidth()).as(button.getText()).isLessThanOrEqualTo(width);
      }
      shot("console-360px");
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
      driver.get(sl.uri("/console").toString());
      shot("console-1280px");
    } finally {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    }
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void choosesWhichDocuSignAccountCallsGoTo() throws Exception {
    connect("docusign", "carol@example.com");
    openDetail(row("docusign"));
    WebElement personal =
        driver.findElement(By.xpath("//tr[td[contains(., 'Whitfield Personal')]]"));
    assertThat(driver.findElement(By.xpath("//tr[td[contains(., 'Whitfield Legal')]]")).getText())
        .contains("in use");
    shot("accounts-before-choice");
    personal.findElement(By.name("use-account")).click();
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
        .contains("now go to the account \"Whitfield Personal\"");
    assertThat(
            driver.findElement(By.xpath("//tr[td[contains(., 'Whitfield Personal')]]")).getText())
        .contains("in use");
    driver.findElement(By.name("test")).click();
    assertThat(
            await().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
        .contains("Test call OK")
        .contains("Whitfield Personal");
    try {
      for (int width : new int[] {360, 1280}) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        driver.navigate().refresh();
        WebElement accounts =
            await().until(ExpectedConditions.presenceOfElementLocated(By.id("accounts")));
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript("arguments[0].scrollIntoView()", accounts);
        int clientWidth =
            ((Number)
                    ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript("return document.documentElement.clientWidth"))
                .intValue();
        for (WebElement button : driver.findElements(By.cssSelector("main button"))) {
          org.openqa.selenium.Rectangle r = button.getRect();
          assertThat(r.getX() + r.getWidth()).as(button.getText()).isLessThanOrEqualTo(clientWidth);
        }
        shot("accounts-" + width + "px");
      }
    } finally {
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    }
    driver.get(sl.uri("/console").toString());
    assertThat(row("docusign").getText()).contains("Whitfield Personal");
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void aRefreshWhileThePageIsOpenShowsTheNewExpiryAndNeverARedExpired() throws Exception {
    // Its own server with 8-second access tokens, so a token runs out while the page is open.
    try (TestSignLink fast =
        TestSignLink.start(
            true,
            true,
            java.util.function.UnaryOperator.identity(),
            e -> e.accessTokenTtl(Duration.ofSeconds(8)))) {
      driver.get(fast.uri("/console").toString());
      driver.findElement(By.id("owner-boldsign")).sendKeys("fast@example.com");
      driver.findElement(By.id("connect-boldsign")).click();
      await().until(ExpectedConditions.elementToBeClickable(By.id("continue-boldsign"))).click();
      await().until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
      String id =
          driver
              .findElement(By.cssSelector("section[data-connection-id]"))
              .getAttribute("data-connection-id");
      String first = driver.findElement(By.cssSelector("time.countdown")).getAttribute("datetime");

      // The access token's time passes with nobody using it: the page says so, calmly.
      neverRedUntil(
          driver, t -> t.getText().startsWith("renewed on next use"), Duration.ofSeconds(15));
      shot("expiry-passed-while-open");
      // Something else refreshes it (here the API; the background refresher or another instance
      // alike): the open page picks up the new expiry by itself.
      assertThat(
              fast.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null)
                  .statusCode())
          .isEqualTo(200);
      String renewed =
          fast.server
              .runtime()
              .connections()
              .find(id)
              .orElseThrow()
              .tokens()
              .accessExpiresAt()
              .toString();
      assertThat(renewed).isNotEqualTo(first);
      neverRedUntil(
          driver,
          t -> renewed.equals(t.getAttribute("datetime")) && t.getText().startsWith("in "),
          Duration.ofSeconds(12));
      assertThat(driver.findElement(By.cssSelector(".last-refresh")).getText())
          .isNotEqualTo("never");
      shot("expiry-renewed-while-open");
    }
  }
}
