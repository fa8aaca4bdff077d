package dev.sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    description = {
      "Submit a sweep definition and watch it until it ends, then print the leaderboard and the"
          + " best configuration.",
      "Re-running the same file resumes the sweep already made from it instead of starting a"
          + " duplicate."
    })
final class RunCommand implements Callable<Integer> {
  static final Duration POLL_EVERY = Duration.ofMillis(500);

  enum ProgressMode {
    auto,
    ansi,
    plain
  }

  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Sweep definition, YAML or JSON")
  Path file;

  @Option(names = "--new", description = "Always create a new sweep, even for a known definition")
  boolean forceNew;

  @Option(names = "--detach", description = "Submit and return without watching")
  boolean detach;

  @Option(
      names = "--progress",
      defaultValue = "auto",
      description = "auto (redraw on a terminal), ansi or plain; default ${DEFAULT-VALUE}")
  ProgressMode progress;

  @Option(names = "--top", defaultValue = "5", description = "Leaderboard size; default 5")
  int top;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ApiClient client = api.client();
    Submitter.Submission s = Submitter.submit(client, file, forceNew);
    ApiViews.DryRun plan = s.plan();
    // the plan line says what prefix sharing and folding saved before any training starts
    out.printf(
        "%s: %d trials in %d jobs, %d epochs instead of %d (%s saved)%n",
        file,
        plan.trials(),
        plan.jobs(),
        plan.epochsPlanned(),
        plan.epochsNaive(),
        Format.saved(plan.epochsNaive(), plan.epochsPlanned()));
    String groups = Format.fusionGroups(plan);
    if (groups != null) {
      out.println(groups);
    }
    out.println(s.reason());
    long id = s.sweep().id();
    if (detach) {
      out.printf("Follow it with: ./sweep status %d%n", id);
      return 0;
    }
    out.flush();
    boolean ansi = progress == ProgressMode.ansi || (progress == ProgressMode.auto && isTerminal());
    Watcher watcher =
        new Watcher(
            client,
            out,
            ansi,
            // a local API answers the three reads of a poll in milliseconds; a longer interval
            // only adds to every sweep's time the wait between its end and the next poll
            POLL_EVERY,
            Duration.ofSeconds(15),
            terminalWidth());
    ApiViews.Sweep done = watcher.watch(id);
    out.println();
    ResultView.leaderboard(done.metric(), client.leaderboard(id, top)).forEach(out::println);
    out.println();
    client.best(id).ifPresent(b -> ResultView.best(b).forEach(out::println));
    out.println();
    out.printf("Dashboard: %s/sweeps/%d%n", client.baseUrl(), id);
    out.printf("API:       %s/api/sweeps/%d%n", client.baseUrl(), id);
    out.printf("Report:    ./sweep report %d > report.md%n", id);
    out.flush();
    if (!"SUCCEEDED".equals(done.status())) {
      spec.commandLine().getErr().printf("sweep #%d ended %s%n", id, done.status());
      return 1;
    }
    return 0;
  }

  private static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  private static int terminalWidth() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
      return columns > 20 ? columns : 100;
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
