package dev.sweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "best", description = "Show the best trial of a sweep so far.")
final class BestCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Sweep id")
  long id;

  @Override
  public Integer call() {
    return api.client()
        .best(id)
        .map(
            b -> {
              ResultView.best(b).forEach(spec.commandLine().getOut()::println);
              return 0;
            })
        .orElseGet(
            () -> {
              spec.commandLine().getErr().println("sweep #" + id + " has no finished trial yet");
              return 1;
            });
  }
}
