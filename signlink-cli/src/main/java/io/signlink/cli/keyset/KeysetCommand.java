package io.signlink.cli.keyset;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.store.crypto.Keysets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signlink keyset …}: the Tink keyset that encrypts stored tokens (SECURITY.md
 * §key-management). {@code create} writes a new keyset file, owner-only (0600), and never
 * overwrites one: a production database needs a keyset made before its first start, kept outside
 * the database and backed up. Rotation of an existing keyset is {@code signlink keys rotate}. One
 * instance per invocation.
 */
@Command(
    name = "keyset",
    mixinStandardHelpOptions = true,
    description = "Create the encryption keyset a new database needs.",
    subcommands = {KeysetCommand.Create.class})
public final class KeysetCommand implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  KeysetCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return ExitCodes.USAGE;
  }

  /** {@code signlink keyset create [--file PATH]}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Write a new encryption keyset file (permissions 0600). Refuses to overwrite an existing"
            + " file.",
        "Point SIGNLINK_KEYSET_FILE at it and back it up: without it, stored tokens cannot be"
            + " read."
      })
  static final class Create implements Callable<Integer> {
    private final CliContext context;

    @Option(
        names = "--file",
        paramLabel = "PATH",
        description = "Where to write the keyset (default: $SIGNLINK_KEYSET_FILE).")
    private Path file;

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      PrintWriter err = context.err();
      Path target = file != null ? file : fromEnvironment();
      if (target == null) {
        err.println(
            "signlink: Say where to write the keyset: `signlink keyset create --file"
                + " /etc/signlink/keyset.json` (or set SIGNLINK_KEYSET_FILE).");
        return ExitCodes.USAGE;
      }
      Path absolute = target.toAbsolutePath().normalize();
      try {
        Keysets.createFile(absolute);
      } catch (FileAlreadyExistsException e) {
        err.println(
            "signlink: "
                + absolute
                + " already exists; a keyset file is never overwritten (the tokens encrypted with"
                + " it would become unreadable). Choose another --file, or use the existing one.");
        return ExitCodes.USAGE;
      } catch (AccessDeniedException e) {
        err.println(
            "signlink: Cannot write "
                + absolute
                + ": permission denied. Choose a folder you can write, or run as its owner.");
        return ExitCodes.FAILURE;
      } catch (IOException e) {
        err.println("signlink: Cannot write " + absolute + ": " + e.getMessage() + ".");
        return ExitCodes.FAILURE;
      }
      PrintWriter out = context.out();
      out.println("Created a new keyset at " + absolute + " (owner read/write only).");
      out.println("Use it with:   export SIGNLINK_KEYSET_FILE=" + absolute);
      out.println(
          "Back it up now, apart from the database: every stored token is encrypted with it, and"
              + " a lost keyset cannot be recovered.");
      out.println("Rotate it later with `signlink keys rotate`.");
      return ExitCodes.OK;
    }

    private Path fromEnvironment() {
      String value = context.env("SIGNLINK_KEYSET_FILE");
      return value == null ? null : Path.of(value);
    }
  }
}
