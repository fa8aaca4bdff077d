package dev.sweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show a sweep's status, counts and progress.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Sweep id")
  long id;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    PrintWriter out = spec.commandLine().getOut();
    ApiViews.Sweep sweep = client.sweep(id);
    ResultView.status(sweep).forEach(out::println);
    for (ApiViews.Job job : client.jobs(id)) {
      if ("RUNNING".equals(job.status())) {
        out.printf(
            "  running  job %d epoch %d/%d%s%n",
            job.id(),
            job.currentEpoch(),
            job.plannedEpochs(),
            job.workerId() == null ? "" : " on " + job.workerId());
      }
    }
    client
        .best(id)
        .ifPresent(
            b ->
                out.printf(
                    "  best     trial %d, %s %s%n",
                    b.trialId(),
                    b.metric().name(),
                    Format.metric(b.metric().name(), b.metric().value())));
    return 0;
  }
}
