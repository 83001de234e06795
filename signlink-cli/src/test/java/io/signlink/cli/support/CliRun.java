package io.signlink.cli.support;

import io.signlink.cli.CliContext;
import io.signlink.cli.CliRuntime;
import io.signlink.cli.Interrupts;
import io.signlink.cli.SignLinkCli;
import io.signlink.cli.login.BrowserOpener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Runs {@code signlink} in-process through picocli with captured stdout/stderr, a replaceable
 * browser, a pressable Ctrl-C and a given runtime. One instance per command line.
 */
public final class CliRun {
  /** What a run printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  private final Map<String, String> env = new HashMap<>();
  private BrowserOpener browser = BrowserOpener.none();
  private Clock clock = Clock.systemUTC();
  private Function<CliContext, CliRuntime> runtime =
      ctx -> {
        throw new IllegalStateException("this test gives the CLI no runtime");
      };
  private final List<Runnable> interruptHandlers = new CopyOnWriteArrayList<>();

  public CliRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public CliRun browser(BrowserOpener opener) {
    this.browser = opener;
    return this;
  }

  public CliRun clock(Clock c) {
    this.clock = c;
    return this;
  }

  public CliRun runtime(Function<CliContext, CliRuntime> factory) {
    this.runtime = factory;
    return this;
  }

  /** Presses Ctrl-C: runs every handler a command registered and has not unregistered. */
  public void pressCtrlC() {
    interruptHandlers.forEach(Runnable::run);
  }

  /** How many Ctrl-C handlers are registered right now. */
  public int interruptHandlers() {
    return interruptHandlers.size();
  }

  /** Opens this run's runtime outside any command, e.g. to read the store in an assertion. */
  public <T> T withRuntime(java.util.function.Function<CliRuntime, T> action) {
    CliContext context =
        new CliContext(
            env,
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            browser,
            h -> () -> {},
            clock,
            runtime);
    try (context) {
      return action.apply(context.runtime());
    }
  }

  /** A context with this run's settings and discarded output, e.g. to inspect the command tree. */
  public CliContext context() {
    return new CliContext(
        env,
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        browser,
        h -> () -> {},
        clock,
        runtime);
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Interrupts interrupts =
        handler -> {
          interruptHandlers.add(handler);
          return () -> interruptHandlers.remove(handler);
        };
    CliContext context =
        new CliContext(
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            browser,
            interrupts,
            clock,
            runtime);
    int code;
    try (context) {
      code = SignLinkCli.execute(context, args);
    }
    return new Result(code, out.toString(), err.toString());
  }
}
