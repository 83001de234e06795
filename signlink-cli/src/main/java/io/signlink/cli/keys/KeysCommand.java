package io.signlink.cli.keys;

import io.signlink.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder. */
@Command(name = "keys")
public final class KeysCommand implements Callable<Integer> {
  private final CliContext context;

  KeysCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("not yet");
    return 1;
  }
}
