package dev.sweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List the sweeps the API knows.")
final class ListCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ResultView.list(api.client().sweeps()).forEach(spec.commandLine().getOut()::println);
    return 0;
  }
}
