package dev.sweep.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sweep}: the terminal client of the sweep API, in its own small jar (no DL4J, no Spring):
 * {@code java -jar sweep-cli/target/sweep-cli-*.jar run grids/quick.yaml}; the {@code ./sweep}
 * launcher does that for you.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    version = "sweep 0.1.0",
    description = "Hyperparameter sweeps for Deeplearning4j: submit, watch and read results.",
    subcommands = {
      RunCommand.class,
      StatusCommand.class,
      BestCommand.class,
      ReportCommand.class,
      ListCommand.class,
      TokenCommand.class,
      ExportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SweepCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** SWEEP_API_URL and SWEEP_TOKEN come from here: the process environment, or a test's. */
  private final Map<String, String> env;

  SweepCli(Map<String, String> env) {
    this.env = env;
  }

  /** A variable, or null when unset or blank. */
  String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, System.getenv());
  }

  static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine cli = new CommandLine(new SweepCli(env));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException c) {
            err.println("sweep: " + c.getMessage());
            return c.exitCode();
          }
          err.println("sweep: " + e);
          if (System.getenv("SWEEP_DEBUG") != null) {
            e.printStackTrace(err);
          }
          return 1;
        });
    return cli.execute(args);
  }
}
