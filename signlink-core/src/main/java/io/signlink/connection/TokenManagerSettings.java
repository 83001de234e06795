package io.signlink.connection;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * How {@link TokenManager} judges and refreshes tokens. Immutable and thread-safe; build with
 * {@link #builder()}, whose defaults are documented on each setter.
 *
 * @param safetyMargin the most remaining life a token must have to be served (SECURITY.md
 *     §freshness); a token is fresh while it has more than {@code min(safetyMargin, refreshFraction
 *     × its granted lifetime)} left ({@code SIGNLINK_REFRESH_MARGIN})
 * @param refreshFraction the part of a token's granted lifetime that must remain ({@code
 *     SIGNLINK_REFRESH_FRACTION}, default ¼, between 0.05 and 0.5): a 60 s token is refreshed with
 *     15 s left, a 1 h token with 5 minutes (the margin) left
 * @param minimumValidity while refreshing is not possible right now (another instance holds the
 *     lease, the provider is failing), the current token keeps being served while it has more than
 *     {@code min(minimumValidity, half the required remaining life)} left (SECURITY.md
 *     §provider-faults)
 * @param leaseTtl how long a refresh lease lives without a heartbeat; the holder renews it every
 *     third of it, so a holder that dies stops blocking others within this time (SECURITY.md
 *     §single-refresh, §lost-refresh)
 * @param leaseWait how long a caller with no usable token waits for another instance's refresh
 *     before giving up
 * @param leasePoll how often a waiting caller re-reads the row and retries the lease
 * @param maxRetries transient-failure retries per refresh, at most 2 (SECURITY.md §provider-faults)
 * @param retryBaseDelay first backoff delay; doubled per retry, with full jitter
 * @param retryAfterCap a {@code Retry-After} longer than this fails fast instead of waiting
 *     (SECURITY.md §provider-faults)
 * @param failureCooldown after a failed refresh, automatic refreshes wait this long (SECURITY.md
 *     §cooldown)
 * @param providerPause refreshes of a provider that said {@code invalid_client} pause this long
 *     (SECURITY.md §cooldown)
 * @param holder this instance's lease-holder name, unique per process
 * @param reconnectUrl the re-consent link for a dead connection (SECURITY.md §dead-grant), or
 *     {@code null} for none
 */
public record TokenManagerSettings(
    Duration safetyMargin,
    double refreshFraction,
    Duration minimumValidity,
    Duration leaseTtl,
    Duration leaseWait,
    Duration leasePoll,
    int maxRetries,
    Duration retryBaseDelay,
    Duration retryAfterCap,
    Duration failureCooldown,
    Duration providerPause,
    String holder,
    Function<Connection, String> reconnectUrl) {

  public TokenManagerSettings {
    requirePositive(safetyMargin, "safetyMargin");
    requirePositive(minimumValidity, "minimumValidity");
    requirePositive(leaseTtl, "leaseTtl");
    requirePositive(leaseWait, "leaseWait");
    requirePositive(leasePoll, "leasePoll");
    requirePositive(retryBaseDelay, "retryBaseDelay");
    requirePositive(retryAfterCap, "retryAfterCap");
    requirePositive(failureCooldown, "failureCooldown");
    requirePositive(providerPause, "providerPause");
    Objects.requireNonNull(holder, "holder");
    if (maxRetries < 0 || maxRetries > 2) {
      throw new IllegalArgumentException(
          "maxRetries must be 0, 1 or 2 (see docs/SECURITY.md §provider-faults)");
    }
    if (!(refreshFraction >= MIN_FRACTION && refreshFraction <= MAX_FRACTION)) {
      throw new IllegalArgumentException(
          "refreshFraction must be between "
              + MIN_FRACTION
              + " and "
              + MAX_FRACTION
              + " (the part of a token's lifetime left when it is refreshed), was "
              + refreshFraction);
    }
    if (leaseTtl.compareTo(Duration.ofMillis(300)) < 0) {
      throw new IllegalArgumentException(
          "leaseTtl must be at least 300 ms (the holder renews it every third)");
    }
    if (minimumValidity.compareTo(safetyMargin) > 0) {
      throw new IllegalArgumentException("minimumValidity must not exceed safetyMargin");
    }
  }

  /** The smallest accepted {@link #refreshFraction}. */
  public static final double MIN_FRACTION = 0.05;

  /** The largest accepted {@link #refreshFraction}: above it a token lives mostly in refresh. */
  public static final double MAX_FRACTION = 0.5;

  /** The freshness rule callers are served by (SECURITY.md §freshness). */
  Freshness freshness() {
    return new Freshness(safetyMargin, refreshFraction, minimumValidity);
  }

  /** How often a lease holder renews its lease: a third of the TTL. */
  Duration leaseHeartbeat() {
    return leaseTtl.dividedBy(3);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public static TokenManagerSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The re-consent link for {@code c}, or {@code null}. */
  String reconnectUrlFor(Connection c) {
    return reconnectUrl == null ? null : reconnectUrl.apply(c);
  }

  /** Builds settings; not thread-safe. */
  public static final class Builder {
    private Duration safetyMargin = Duration.ofMinutes(5);
    private double refreshFraction = 0.25;
    private Duration minimumValidity = Duration.ofSeconds(10);
    private Duration leaseTtl = Duration.ofMillis(1500);
    private Duration leaseWait = Duration.ofSeconds(36);
    private Duration leasePoll = Duration.ofMillis(100);
    private int maxRetries = 2;
    private Duration retryBaseDelay = Duration.ofMillis(250);
    private Duration retryAfterCap = Duration.ofSeconds(30);
    private Duration failureCooldown = Duration.ofSeconds(30);
    private Duration providerPause = Duration.ofMinutes(5);
    private String holder = "signlink-" + UUID.randomUUID();
    private Function<Connection, String> reconnectUrl;

    private Builder() {}

    /** Default 5 minutes. */
    public Builder safetyMargin(Duration d) {
      safetyMargin = d;
      return this;
    }

    /** Default 0.25: a token is refreshed when a quarter of its granted lifetime is left. */
    public Builder refreshFraction(double f) {
      refreshFraction = f;
      return this;
    }

    /** Default 10 seconds. */
    public Builder minimumValidity(Duration d) {
      minimumValidity = d;
      return this;
    }

    /** Default 1.5 seconds, renewed every 0.5 s while the refresh runs. */
    public Builder leaseTtl(Duration d) {
      leaseTtl = d;
      return this;
    }

    /**
     * Default 36 seconds: longer than a live holder's refresh with its retries, so a caller with no
     * usable token waits for it rather than failing.
     */
    public Builder leaseWait(Duration d) {
      leaseWait = d;
      return this;
    }

    /** Default 100 ms. */
    public Builder leasePoll(Duration d) {
      leasePoll = d;
      return this;
    }

    /** Default 2. */
    public Builder maxRetries(int n) {
      maxRetries = n;
      return this;
    }

    /** Default 250 ms. */
    public Builder retryBaseDelay(Duration d) {
      retryBaseDelay = d;
      return this;
    }

    /** Default 30 seconds. */
    public Builder retryAfterCap(Duration d) {
      retryAfterCap = d;
      return this;
    }

    /** Default 30 seconds. */
    public Builder failureCooldown(Duration d) {
      failureCooldown = d;
      return this;
    }

    /** Default 5 minutes. */
    public Builder providerPause(Duration d) {
      providerPause = d;
      return this;
    }

    /** Default {@code signlink-<random uuid>}. */
    public Builder holder(String h) {
      holder = h;
      return this;
    }

    /**
     * The re-consent link offered with {@link io.signlink.error.ReauthRequiredException}, e.g.
     * {@code c -> publicUrl + "/connect/" + c.providerId() + "?owner=" + encode(c.owner())}.
     */
    public Builder reconnectUrl(Function<Connection, String> f) {
      reconnectUrl = f;
      return this;
    }

    public TokenManagerSettings build() {
      return new TokenManagerSettings(
          safetyMargin,
          refreshFraction,
          minimumValidity,
          leaseTtl,
          leaseWait,
          leasePoll,
          maxRetries,
          retryBaseDelay,
          retryAfterCap,
          failureCooldown,
          providerPause,
          holder,
          reconnectUrl);
    }
  }
}
