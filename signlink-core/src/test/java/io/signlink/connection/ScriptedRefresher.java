package io.signlink.connection;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link TokenRefresher} for unit tests: answers from a script of steps, then by default with a
 * new access token and a rotated refresh token ({@code at-N}/{@code rt-N}, one hour). Records the
 * refresh token each call used. Thread-safe.
 */
public final class ScriptedRefresher implements TokenRefresher {
  private final Clock clock;
  private final Queue<Function<Connection, TokenSet>> script = new ConcurrentLinkedQueue<>();
  public final AtomicInteger calls = new AtomicInteger();
  public final List<String> usedRefreshTokens = new CopyOnWriteArrayList<>();
  public volatile boolean rotate = true;
  public volatile Duration lifetime = Duration.ofHours(1);

  public ScriptedRefresher(Clock clock) {
    this.clock = clock;
  }

  public ScriptedRefresher then(Function<Connection, TokenSet> step) {
    script.add(step);
    return this;
  }

  public ScriptedRefresher thenThrow(RuntimeException e) {
    return then(
        c -> {
          throw e;
        });
  }

  @Override
  public TokenSet refresh(Connection c) {
    int n = calls.incrementAndGet();
    Secret rt = c.tokens().refreshToken();
    usedRefreshTokens.add(rt == null ? null : rt.reveal());
    Function<Connection, TokenSet> step = script.poll();
    if (step != null) {
      return step.apply(c);
    }
    return Fixtures.tokens("at-" + n, rotate ? "rt-" + n : null, clock.instant(), lifetime);
  }
}
