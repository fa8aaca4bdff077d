package dev.sweep.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The live progress display as pure functions: a snapshot of the API in, text out. */
final class ProgressView {
  static final int MAX_JOB_LINES = 4;

  private ProgressView() {}

  /**
   * @param workerHint why nothing trains, when the API can tell (see {@link WorkerHint})
   */
  record Snapshot(
      ApiViews.Sweep sweep,
      List<ApiViews.Job> jobs,
      Optional<ApiViews.Best> best,
      Duration elapsed,
      Optional<Duration> eta,
      Optional<String> workerHint) {

    Snapshot(
        ApiViews.Sweep sweep,
        List<ApiViews.Job> jobs,
        Optional<ApiViews.Best> best,
        Duration elapsed,
        Optional<Duration> eta) {
      this(sweep, jobs, best, elapsed, eta, Optional.empty());
    }

    List<ApiViews.Job> running() {
      return jobs.stream().filter(j -> "RUNNING".equals(j.status())).toList();
    }
  }

  /** A few lines for a terminal that redraws them in place. */
  static List<String> lines(Snapshot s, int width) {
    ApiViews.Sweep sweep = s.sweep();
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "sweep #%d %s  %s  %s  %d/%d trials  %s",
            sweep.id(),
            sweep.name(),
            sweep.status(),
            Format.bar(fraction(sweep), 24),
            sweep.trialsDone(),
            sweep.trials(),
            percentDone(sweep)));
    StringBuilder second = new StringBuilder();
    second.append(String.format("  epochs %s", epochs(sweep)));
    second.append("  best ").append(best(s));
    if (sweep.count("FAILED") > 0) {
      second.append("  failed ").append(sweep.count("FAILED"));
    }
    second.append("  elapsed ").append(Format.duration(s.elapsed()));
    second.append("  ETA ").append(s.eta().map(Format::duration).orElse("--"));
    lines.add(second.toString());
    List<ApiViews.Job> running = s.running();
    for (ApiViews.Job job : running.subList(0, Math.min(MAX_JOB_LINES, running.size()))) {
      lines.add(
          String.format(
              "  job %d  epoch %d/%d  %s  trials %d%s%s",
              job.id(),
              job.currentEpoch(),
              job.plannedEpochs(),
              Format.bar(
                  job.plannedEpochs() == 0 ? 0 : (double) job.currentEpoch() / job.plannedEpochs(),
                  10),
              job.trials() == null ? 0 : job.trials().size(),
              job.workerId() == null ? "" : "  on " + job.workerId(),
              job.attempt() > 1 ? "  attempt " + job.attempt() : ""));
    }
    if (running.size() > MAX_JOB_LINES) {
      lines.add("  ... and " + (running.size() - MAX_JOB_LINES) + " more jobs running");
    }
    if (running.isEmpty() && !sweep.terminal()) {
      lines.add("  waiting for a worker to claim one of " + queuedJobs(s) + " queued jobs");
    }
    // wrapped, not cut: it is the one line that says what to do
    s.workerHint().ifPresent(h -> lines.addAll(Format.wrap("  ! ", h, "    ", width)));
    return lines.stream().map(l -> Format.fit(l, width)).toList();
  }

  /** One self-contained line, for logs and pipes where nothing can be redrawn. */
  static String plainLine(Snapshot s) {
    ApiViews.Sweep sweep = s.sweep();
    StringBuilder line = new StringBuilder();
    line.append('[').append(Format.duration(s.elapsed())).append("] ");
    line.append("sweep #").append(sweep.id()).append(' ').append(sweep.status());
    line.append(String.format(", %d/%d trials", sweep.trialsDone(), sweep.trials()));
    line.append(", epochs ")
        .append(epochs(sweep))
        .append(" (")
        .append(percentDone(sweep))
        .append(')');
    List<ApiViews.Job> running = s.running();
    if (!running.isEmpty()) {
      line.append("; running:");
      for (ApiViews.Job job : running) {
        line.append(
            String.format(" job %d %d/%d", job.id(), job.currentEpoch(), job.plannedEpochs()));
      }
    }
    line.append("; best ").append(best(s));
    s.eta().ifPresent(eta -> line.append("; ETA ").append(Format.duration(eta)));
    s.workerHint().ifPresent(h -> line.append("; ").append(h));
    return line.toString();
  }

  private static String best(Snapshot s) {
    String metric = s.sweep().metric() == null ? "metric" : s.sweep().metric().name();
    return s.best()
        .map(
            b ->
                metric
                    + " "
                    + Format.metric(metric, b.metric() == null ? null : b.metric().value())
                    + " (trial "
                    + b.trialId()
                    + ")")
        .orElse(metric + " -");
  }

  private static String epochs(ApiViews.Sweep sweep) {
    return sweep.progress() == null
        ? "?/" + sweep.epochsPlanned()
        : sweep.progress().epochsDone() + "/" + sweep.progress().epochsPlanned();
  }

  private static double fraction(ApiViews.Sweep sweep) {
    return sweep.progress() == null ? 0 : sweep.progress().fraction();
  }

  private static String percentDone(ApiViews.Sweep sweep) {
    return Math.round(fraction(sweep) * 100) + "%";
  }

  private static long queuedJobs(Snapshot s) {
    return s.jobs().stream().filter(j -> "QUEUED".equals(j.status())).count();
  }
}
