package dev.sweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sweep token create|list|revoke}: managing the API's tokens, with a user token. */
@Command(
    name = "token",
    description = "Create, list and revoke API tokens (needs a user token in SWEEP_TOKEN).",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliException.INPUT;
  }

  @Command(
      name = "create",
      description = {
        "Create a token and print it. It is shown this once: the API keeps only its hash.",
        "user: the CLI and scripts (SWEEP_TOKEN); worker: a training machine (SWEEP_API_TOKEN)."
      })
  static final class Create implements Callable<Integer> {
    enum Role {
      user,
      worker
    }

    @Mixin ApiOptions api;
    @Spec CommandSpec spec;

    @Option(names = "--role", required = true, description = "user or worker")
    Role role;

    @Option(names = "--name", description = "What it is for, shown in lists")
    String name;

    @Override
    public Integer call() {
      ApiViews.CreatedToken t = api.client().createToken(role.name(), name);
      // the token alone on stdout, so that TOKEN=$(sweep token create ...) works
      spec.commandLine().getOut().println(t.token());
      spec.commandLine()
          .getErr()
          .printf(
              "created %s token %d (%s). It is shown only now: keep it somewhere safe.%n",
              t.role(), t.id(), t.name());
      return 0;
    }
  }

  @Command(name = "list", description = "List tokens (never their secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%-5s %-7s %-24s %-22s %-10s %-21s %-21s %s%n",
          "id", "role", "name", "hint", "source", "created", "last used", "revoked");
      for (ApiViews.Token t : api.client().tokens()) {
        out.printf(
            "%-5d %-7s %-24s %-22s %-10s %-21s %-21s %s%n",
            t.id(),
            t.role(),
            Format.fit(t.name(), 24),
            t.hint(),
            t.source(),
            Format.instant(t.createdAt()),
            Format.instant(t.lastUsedAt()),
            Format.instant(t.revokedAt()));
      }
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a token: the API refuses it from now on.")
  static final class Revoke implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Token id (see sweep token list)")
    long id;

    @Override
    public Integer call() {
      api.client().revokeToken(id);
      spec.commandLine().getOut().printf("revoked token %d%n", id);
      return 0;
    }
  }
}
