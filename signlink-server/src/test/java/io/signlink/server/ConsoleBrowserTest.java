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
    driver.get(sl.uri("/console").toString());
    await()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-provider=" + provider + "]")));
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
}
