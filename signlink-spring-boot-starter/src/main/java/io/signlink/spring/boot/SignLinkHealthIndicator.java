package io.signlink.spring.boot;

import io.signlink.error.SignLinkException;
import io.signlink.runtime.SignLinkRuntime;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * SignLink's part of the application's health ({@code /actuator/health/signlink}): UP when its
 * database answers, with the configured providers; DOWN with SignLink's own message (which names no
 * secret, SECURITY.md §errors) when it does not. While the database is down, tokens already cached
 * keep being handed out; what fails is consent, refresh and anything that writes. Thread-safe.
 */
public final class SignLinkHealthIndicator implements HealthIndicator {
  private final SignLinkRuntime runtime;

  public SignLinkHealthIndicator(SignLinkRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    try {
      runtime.ping();
    } catch (SignLinkException e) {
      health = Health.down().withDetail("error", e.code() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      health = Health.down().withDetail("error", e.getClass().getSimpleName());
    }
    return health
        .withDetail("store", runtime.store().describe())
        .withDetail(
            "providers", runtime.providers().all().stream().map(p -> p.profile().id()).toList())
        .build();
  }
}
