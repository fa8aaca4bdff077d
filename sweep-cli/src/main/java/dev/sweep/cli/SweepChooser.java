package dev.sweep.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Re-running the same file must not start the same training twice. Among earlier sweeps with the
 * same definition hash, an unfinished one is resumed (its queued and released jobs simply run
 * again), else a finished one is shown. Cancelled or failed sweeps are not reused: the user asked
 * for the work to be done.
 */
final class SweepChooser {
  private SweepChooser() {}

  record Choice(Optional<ApiViews.Sweep> reuse, String reason) {}

  static Choice choose(List<ApiViews.Sweep> sameDefinition) {
    Comparator<ApiViews.Sweep> newestFirst =
        Comparator.comparingLong(ApiViews.Sweep::id).reversed();
    Optional<ApiViews.Sweep> unfinished =
        sameDefinition.stream()
            .filter(s -> "QUEUED".equals(s.status()) || "RUNNING".equals(s.status()))
            .sorted(newestFirst)
            .findFirst();
    if (unfinished.isPresent()) {
      return new Choice(unfinished, "resuming unfinished sweep #" + unfinished.get().id());
    }
    Optional<ApiViews.Sweep> finished =
        sameDefinition.stream()
            .filter(s -> "SUCCEEDED".equals(s.status()))
            .sorted(newestFirst)
            .findFirst();
    if (finished.isPresent()) {
      return new Choice(
          finished,
          "sweep #"
              + finished.get().id()
              + " already ran this definition; showing its results (--new starts another)");
    }
    return new Choice(Optional.empty(), "creating a new sweep");
  }
}
