package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A console action the provider rate-limits says when to try again, as a wait and a clock time. Its
 * own server: the refused refresh pauses the provider for the rest of the instance's life.
 */
class ConsoleRetryTimeTest {
  static TestSignLink sl;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void aRateLimitedRefreshNamesTheWaitAndTheTimeItEnds() {
    HttpClient browser = TestSignLink.browser();
    sl.postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String id = TestSignLink.connectionId(sl.connect(browser, "boldsign", "rate-limited"));
    String csrf = TestSignLink.hidden(sl.get(browser, "/console").body(), "csrf");
    // An hour is over the token manager's Retry-After cap: it fails fast and passes the wait on.
    sl.emulator.faults().failNextTokenRequests(1, 429, Duration.ofHours(1));
    Instant before = Instant.now();

    sl.postForm(browser, "/console/connections/" + id + "/refresh", "csrf=" + csrf);
    String page = sl.get(browser, "/console/connections/" + id).body();

    Instant after = Instant.now();

    // The time carries its date when the wait ends on another day (UTC), as it does past 23:00.
    Matcher m =
        Pattern.compile(
                "Failed: The provider is rate limiting this account; retry in (\\d+) (h|min)[^,]*,"
                    + " at (?:(\\d{4}-\\d\\d-\\d\\d) )?(\\d\\d:\\d\\d:\\d\\d) UTC\\.")
            .matcher(page);
    assertThat(m.find()).as(page).isTrue();
    assertThat(m.group(1) + " " + m.group(2)).isIn("1 h", "59 min");
    LocalTime time = LocalTime.parse(m.group(4));
    // Without a date the end is on the day the server answered, somewhere between before and after.
    List<LocalDate> days =
        m.group(3) != null
            ? List.of(LocalDate.parse(m.group(3)))
            : List.of(utcDay(before), utcDay(after));
    Instant earliest = before.plus(Duration.ofHours(1)).minusSeconds(1);
    Instant latest = after.plus(Duration.ofHours(1)).plusSeconds(2);
    assertThat(days)
        .anySatisfy(
            day ->
                assertThat(time.atDate(day).toInstant(ZoneOffset.UTC)).isBetween(earliest, latest));
    assertThat(page).doesNotContain("Retry-After delay");
  }

  private static LocalDate utcDay(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate();
  }
}
