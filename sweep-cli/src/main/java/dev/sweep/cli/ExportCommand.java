package dev.sweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    description =
        "Save a trial's trained model as a DL4J ModelSerializer zip: the sweep's best trial,"
            + " or trial N with --trial. Load it with ModelSerializer.restoreMultiLayerNetwork.")
final class ExportCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWEEP", description = "Sweep id")
  long sweepId;

  @Option(
      names = "--trial",
      paramLabel = "N",
      description = "Trial id (default: the sweep's best trial)")
  Long trialId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the zip (default: trial-<id>.zip)")
  Path output;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    long trial;
    if (trialId != null) {
      long owner = client.trialSweep(trialId);
      if (owner != sweepId) {
        throw new CliException(
            "trial " + trialId + " belongs to sweep #" + owner + ", not #" + sweepId,
            CliException.API);
      }
      trial = trialId;
    } else {
      trial =
          client
              .best(sweepId)
              .orElseThrow(
                  () ->
                      new CliException(
                          "sweep #" + sweepId + " has no finished trial yet", CliException.API))
              .trialId();
    }
    Path target = output != null ? output : Path.of("trial-" + trial + ".zip");
    long bytes = client.downloadModel(trial, target);
    spec.commandLine()
        .getOut()
        .println("Saved trial #" + trial + "'s model (" + bytes + " bytes) to " + target);
    return 0;
  }
}
