package io.signlink.cli.serve;

import io.signlink.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder. */
@Command(name = "serve")
public final class ServeCommand implements Callable<Integer> {
  private final CliContext context;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("not yet");
    return 1;
  }
}
