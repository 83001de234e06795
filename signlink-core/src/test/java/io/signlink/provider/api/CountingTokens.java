package io.signlink.provider.api;

import io.signlink.oauth.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link BearerTokens} that hands out a fixed sequence: the first token, then on each forced
 * refresh the next one. Records every token that was reported as rejected.
 */
public final class CountingTokens implements BearerTokens {
  private final List<Secret> sequence = new ArrayList<>();
  private final AtomicInteger index = new AtomicInteger();
  private final List<Secret> rejected = new ArrayList<>();

  public CountingTokens(String... tokens) {
    for (String t : tokens) {
      sequence.add(Secret.of(t));
    }
  }

  @Override
  public Secret current() {
    return sequence.get(index.get());
  }

  @Override
  public synchronized Secret refreshed(Secret rejectedToken) {
    rejected.add(rejectedToken);
    int next = Math.min(index.get() + 1, sequence.size() - 1);
    index.set(next);
    return sequence.get(next);
  }

  public synchronized int refreshes() {
    return rejected.size();
  }

  public synchronized List<Secret> rejected() {
    return List.copyOf(rejected);
  }
}
