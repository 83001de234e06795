package io.signlink.spring.boot;

import io.signlink.error.SignLinkException;
import io.signlink.runtime.SignLinkRuntime;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * SignLink's part of the application's health ({@code /actuator/health/signlink}): UP when its
 * database answers, with the configured providers; DOWN with SignLink's own message (which names no
 * secret, SECURITY.md §errors) when it does not. While the database is down, tokens already cached
 * keep being handed out; what fails is consent, refresh and anything that writes.
 *
 * <p>In the starter, SignLink opens after the application has started: until it is open this
 * reports DOWN with {@code state=opening}, and DOWN with the reason if opening failed (a wrong key,
 * a database that does not answer, …). Asking for health never opens SignLink nor waits for it.
 * Thread-safe.
 */
public final class SignLinkHealthIndicator implements HealthIndicator {
  private final SignLinkRuntimeOpener opener;
  private final SignLinkRuntime runtime;

  public SignLinkHealthIndicator(SignLinkRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.opener = null;
  }

  SignLinkHealthIndicator(SignLinkRuntimeOpener opener) {
    this.opener = Objects.requireNonNull(opener, "opener");
    this.runtime = null;
  }

  @Override
  public Health health() {
    if (runtime != null) {
      return health(runtime);
    }
    Optional<SignLinkRuntime> open = opener.ifOpen();
    if (open.isPresent()) {
      return health(open.get());
    }
    Optional<RuntimeException> failure = opener.failure();
    if (failure.isPresent()) {
      return Health.down()
          .withDetail("state", "failed")
          .withDetail("error", describe(failure.get()))
          .build();
    }
    return switch (opener.state()) {
      case CLOSED -> Health.down().withDetail("state", "closed").build();
      default -> Health.down().withDetail("state", "opening").build();
    };
  }

  private static Health health(SignLinkRuntime runtime) {
    Health.Builder health = Health.up();
    try {
      runtime.ping();
    } catch (RuntimeException e) {
      health = Health.down().withDetail("error", describe(e));
    }
    return health
        .withDetail("store", runtime.store().describe())
        .withDetail(
            "providers", runtime.providers().all().stream().map(p -> p.profile().id()).toList())
        .build();
  }

  private static String describe(RuntimeException e) {
    return e instanceof SignLinkException s
        ? s.code() + ": " + s.getMessage()
        : e.getClass().getSimpleName();
  }
}
