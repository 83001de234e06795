/**
 * The {@code signlink} command. {@link io.signlink.cli.SignLinkCli} builds the picocli command tree
 * and runs one command line; {@link io.signlink.cli.CliContext} carries what comes from outside
 * (environment, terminal, browser, Ctrl-C, clock) and opens the {@link io.signlink.cli.CliRuntime}
 * — the CLI's composition root over the service's runtime and the same encrypted store — only when
 * a command needs it, so {@code --version} starts fast. Failures become one line on stderr and an
 * exit code ({@link io.signlink.cli.ExitCodes}: 0 ok, 1 failure, 2 usage, 3 re-consent, 4
 * provider), with a stack trace only under {@code --verbose}.
 */
package io.signlink.cli;
