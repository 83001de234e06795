package io.signlink.cli;

import io.signlink.cli.login.BrowserOpener;
import io.signlink.cli.login.SystemBrowser;
import io.signlink.runtime.config.SignLinkConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every command gets from outside: the environment, the terminal streams, the browser, the
 * Ctrl-C seam, the clock and (lazily) the {@link CliRuntime} holding the store and the OAuth
 * engine. Built once per invocation by {@link SignLinkCli#main} or by a test. Nothing heavy is
 * created until a command asks for the runtime, so {@code --version} stays fast.
 *
 * <p>Thread-safe: the runtime is created at most once; the other fields are immutable (the
 * verbosity flag is set while parsing, before any command runs).
 */
public final class CliContext implements AutoCloseable {
  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;
  private final BrowserOpener browser;
  private final Interrupts interrupts;
  private final Clock clock;
  private final Function<CliContext, CliRuntime> runtimeFactory;
  private CliRuntime runtime;
  private volatile boolean verbose;

  public CliContext(
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      BrowserOpener browser,
      Interrupts interrupts,
      Clock clock,
      Function<CliContext, CliRuntime> runtimeFactory) {
    this.env = Map.copyOf(env);
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.browser = Objects.requireNonNull(browser, "browser");
    this.interrupts = Objects.requireNonNull(interrupts, "interrupts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runtimeFactory = Objects.requireNonNull(runtimeFactory, "runtimeFactory");
  }

  /** The context of a real process: {@code System.getenv()}, stdout/stderr, the JVM's hooks. */
  public static CliContext system() {
    Map<String, String> env = System.getenv();
    return new CliContext(
        env,
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        new SystemBrowser(env),
        Interrupts.jvm(),
        Clock.systemUTC(),
        CliRuntime::open);
  }

  public Map<String, String> env() {
    return env;
  }

  /** An environment value, or {@code null} when unset or blank. */
  public String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public BrowserOpener browser() {
    return browser;
  }

  public Interrupts interrupts() {
    return interrupts;
  }

  public Clock clock() {
    return clock;
  }

  public boolean verbose() {
    return verbose;
  }

  void verbose(boolean value) {
    this.verbose = value;
  }

  /** The store and engine, opened on first use. */
  public synchronized CliRuntime runtime() {
    if (runtime == null) {
      runtime = runtimeFactory.apply(this);
    }
    return runtime;
  }

  /**
   * The runtime, or empty when the configured embedded database does not exist yet. Commands that
   * only read use this: on a fresh machine there is nothing to read, and opening the runtime would
   * create a data folder, a keyset and a database as a side effect of a question.
   */
  public synchronized Optional<CliRuntime> existingRuntime() {
    if (runtime == null) {
      Optional<Path> file = SignLinkConfig.fromEnvironment(env).embeddedDatabaseFile();
      if (file.isPresent() && !Files.exists(file.get())) {
        return Optional.empty();
      }
    }
    return Optional.of(runtime());
  }

  /** Closes the runtime if one was opened. */
  @Override
  public synchronized void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }
}
