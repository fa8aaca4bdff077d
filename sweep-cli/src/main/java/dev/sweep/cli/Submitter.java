package dev.sweep.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Submits a definition file, or finds the sweep that already runs it: the dry run gives the
 * definition's hash without writing anything, and the API is asked for sweeps with that hash.
 */
final class Submitter {
  private Submitter() {}

  record Submission(ApiViews.Sweep sweep, ApiViews.DryRun plan, boolean created, String reason) {}

  static Submission submit(ApiClient client, Path file, boolean forceNew) {
    String body = read(file);
    String type = contentType(file);
    if (forceNew) {
      // nothing to look up first: the workers start on the sweep one request sooner, and the plan
      // (the same definition, so the same plan) is read for the summary afterwards
      ApiViews.Sweep created = client.create(body, type);
      return new Submission(
          created, client.dryRun(body, type), true, "created sweep #" + created.id());
    }
    ApiViews.DryRun plan = client.dryRun(body, type);
    SweepChooser.Choice choice = SweepChooser.choose(client.sweepsWithHash(plan.definitionHash()));
    if (choice.reuse().isPresent()) {
      return new Submission(choice.reuse().get(), plan, false, choice.reason());
    }
    ApiViews.Sweep created = client.create(body, type);
    return new Submission(created, plan, true, "created sweep #" + created.id());
  }

  static String contentType(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
        ? "application/json"
        : "application/yaml";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("No such file: " + file, CliException.INPUT);
    } catch (IOException e) {
      throw new CliException("Cannot read " + file + ": " + e.getMessage(), CliException.INPUT);
    }
  }
}
