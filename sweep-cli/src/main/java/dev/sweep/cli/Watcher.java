package dev.sweep.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Polls the API until the sweep is terminal and keeps the display current: lines redrawn in place
 * on a terminal, or a plain line now and then (on change, at most every {@code plainEvery}) when
 * output goes to a file or a pipe.
 */
final class Watcher {
  private static final String CURSOR_HIDE = "\033[?25l";
  private static final String CURSOR_SHOW = "\033[?25h";
  private static final int MAX_FAILURES = 15;

  private final ApiClient client;
  private final PrintWriter out;
  private final boolean ansi;
  private final Duration interval;
  private final Duration plainEvery;
  private final int width;

  Watcher(
      ApiClient client,
      PrintWriter out,
      boolean ansi,
      Duration interval,
      Duration plainEvery,
      int width) {
    this.client = client;
    this.out = out;
    this.ansi = ansi;
    this.interval = interval;
    this.plainEvery = plainEvery;
    this.width = width;
  }

  ApiViews.Sweep watch(long sweepId) throws InterruptedException {
    long start = System.nanoTime();
    ApiViews.Sweep sweep;
    Eta eta = new Eta();
    int drawn = 0;
    String lastKey = null;
    long lastPrint = 0;
    int failures = 0;
    WorkerHint hint = new WorkerHint();
    long lastAsked = start - WorkerHint.ASK_EVERY.toNanos();
    Optional<String> workerHint = Optional.empty();
    Thread restoreCursor = new Thread(() -> System.out.print(CURSOR_SHOW + "\n"));
    if (ansi) {
      out.print(CURSOR_HIDE);
      Runtime.getRuntime().addShutdownHook(restoreCursor);
    }
    try {
      while (true) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ProgressView.Snapshot snapshot;
        try {
          sweep = client.sweep(sweepId);
          List<ApiViews.Job> jobs = sweep.terminal() ? List.of() : client.jobs(sweepId);
          Optional<ApiViews.Best> best = client.best(sweepId);
          Optional<Duration> remaining =
              sweep.progress() == null
                  ? Optional.empty()
                  : eta.observe(
                      sweep.progress().epochsDone(), sweep.progress().epochsPlanned(), elapsed);
          boolean waiting = WorkerHint.waiting(sweep, jobs);
          if (!waiting) {
            workerHint = hint.observe(false, Optional.empty(), elapsed);
          } else if (System.nanoTime() - lastAsked >= WorkerHint.ASK_EVERY.toNanos()) {
            workerHint = hint.observe(true, client.workers(), elapsed);
            lastAsked = System.nanoTime();
          }
          snapshot = new ProgressView.Snapshot(sweep, jobs, best, elapsed, remaining, workerHint);
          failures = 0;
        } catch (CliException e) {
          // the API may be busy or restarting; give up only if it stays away
          if (e.exitCode() != CliException.UNREACHABLE || ++failures >= MAX_FAILURES) {
            throw e;
          }
          Thread.sleep(interval.toMillis());
          continue;
        }
        if (ansi) {
          List<String> lines = ProgressView.lines(snapshot, width);
          if (drawn > 0) {
            out.print("\033[" + drawn + "F\033[J");
          }
          lines.forEach(out::println);
          drawn = lines.size();
        } else {
          String key = sweep.status() + sweep.trialsDone() + workerHint.orElse("");
          long now = System.nanoTime();
          if (!key.equals(lastKey) || now - lastPrint >= plainEvery.toNanos() || sweep.terminal()) {
            out.println(ProgressView.plainLine(snapshot));
            lastKey = key;
            lastPrint = now;
          }
        }
        out.flush();
        if (sweep.terminal()) {
          return sweep;
        }
        Thread.sleep(interval.toMillis());
      }
    } finally {
      if (ansi) {
        out.print(CURSOR_SHOW);
        out.flush();
        try {
          Runtime.getRuntime().removeShutdownHook(restoreCursor);
        } catch (IllegalStateException shuttingDown) {
          // the hook is already running
        }
      }
    }
  }
}
