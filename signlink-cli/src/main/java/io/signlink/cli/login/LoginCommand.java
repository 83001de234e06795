package io.signlink.cli.login;

import io.signlink.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder. */
@Command(name = "login")
public final class LoginCommand implements Callable<Integer> {
  private final CliContext context;

  LoginCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("not yet");
    return 1;
  }
}
