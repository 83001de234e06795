package io.signlink.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects with the {@link CliContext} passed to their constructor, so commands use
 * constructor injection instead of reaching for globals. Classes without such a constructor
 * (picocli's own) are made by picocli's default factory. Thread-safe.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final CliContext context;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  CommandFactory(CliContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Constructor<K> withContext;
    try {
      withContext = type.getDeclaredConstructor(CliContext.class);
    } catch (NoSuchMethodException e) {
      return fallback.create(type);
    }
    withContext.setAccessible(true);
    return withContext.newInstance(context);
  }
}
