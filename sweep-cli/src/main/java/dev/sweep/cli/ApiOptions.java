package dev.sweep.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the API is and the user token to send; shared by every subcommand. The token comes only
 * from the environment ({@code SWEEP_TOKEN}), never from an option: command lines are visible to
 * every user of the machine.
 */
final class ApiOptions {
  static final String TOKEN_VARIABLE = "SWEEP_TOKEN";

  @Option(
      names = "--api",
      paramLabel = "URL",
      description = "Base URL of the sweep API (default: $SWEEP_API_URL or http://localhost:8080)")
  String api;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  ApiClient client() {
    return new ApiClient(baseUrl(), env(TOKEN_VARIABLE));
  }

  String baseUrl() {
    if (api != null && !api.isBlank()) {
      return api;
    }
    String env = env("SWEEP_API_URL");
    return env == null ? "http://localhost:8080" : env;
  }

  private String env(String name) {
    return command.root().userObject() instanceof SweepCli cli ? cli.env(name) : null;
  }
}
