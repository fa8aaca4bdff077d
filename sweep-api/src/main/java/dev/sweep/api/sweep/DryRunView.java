package dev.sweep.api.sweep;

import dev.sweep.api.grid.Plan;
import java.util.List;

/** What a definition would create, without storing anything. */
public record DryRunView(
    int trials,
    int jobs,
    long epochsNaive,
    long epochsPlanned,
    String definitionHash,
    List<Plan.Fold> folded) {

  static DryRunView of(Plan plan) {
    return new DryRunView(
        plan.trials().size(),
        plan.jobs().size(),
        plan.epochsNaive(),
        plan.epochsPlanned(),
        plan.definitionHash(),
        plan.folded());
  }
}
