package dev.sweep.api.sweep;

import dev.sweep.api.grid.Plan;
import java.util.List;

/**
 * What a definition would create, without storing anything.
 *
 * @param fusionGroups how many fusion groups the jobs form (each is one computation on one slot)
 * @param groups every group in plan order: its jobs, trials and planned epochs
 */
public record DryRunView(
    int trials,
    int jobs,
    long epochsNaive,
    long epochsPlanned,
    String definitionHash,
    List<Plan.Fold> folded,
    int fusionGroups,
    List<Plan.Group> groups) {

  static DryRunView of(Plan plan) {
    return new DryRunView(
        plan.trials().size(),
        plan.jobs().size(),
        plan.epochsNaive(),
        plan.epochsPlanned(),
        plan.definitionHash(),
        plan.folded(),
        plan.groups().size(),
        plan.groups());
  }
}
