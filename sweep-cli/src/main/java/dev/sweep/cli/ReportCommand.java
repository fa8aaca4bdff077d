package dev.sweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    description = "Print a sweep's Markdown report to stdout: ./sweep report 3 > report.md")
final class ReportCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Sweep id")
  long id;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(api.client().report(id));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
