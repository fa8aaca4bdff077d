package dev.sweep.cli;

import picocli.CommandLine.Option;

/** Where the API is; shared by every subcommand. */
final class ApiOptions {
  @Option(
      names = "--api",
      paramLabel = "URL",
      description = "Base URL of the sweep API (default: $SWEEP_API_URL or http://localhost:8080)")
  String api;

  ApiClient client() {
    return new ApiClient(baseUrl());
  }

  String baseUrl() {
    if (api != null && !api.isBlank()) {
      return api;
    }
    String env = System.getenv("SWEEP_API_URL");
    return env == null || env.isBlank() ? "http://localhost:8080" : env;
  }
}
