package io.signlink.cli.connection;

import io.signlink.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder. */
@Command(name = "call")
public final class CallCommand implements Callable<Integer> {
  private final CliContext context;

  CallCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("not yet");
    return 1;
  }
}
