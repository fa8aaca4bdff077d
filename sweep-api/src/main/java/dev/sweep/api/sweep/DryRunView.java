package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.job.ResultCache;
import dev.sweep.contract.SweepDefinition;
import java.util.List;

/**
 * What a definition would create, without storing anything.
 *
 * @param trials for bayes: the trials created at submission; the rest of run_cap are sampled later,
 *     from results, so their jobs and epochs are not known yet
 * @param sampledLater bayes only: trials still to be sampled after submission (run_cap - trials)
 * @param cacheHits jobs a finished run (in any sweep) would serve from the result cache; 0 with
 *     {@code cache: false}
 * @param epochsFromCache the epochs those jobs would have trained and will not
 * @param epochsToTrain epochsPlanned - epochsFromCache
 * @param fusionGroups how many fusion groups the jobs form (each is one computation on one slot)
 * @param groups every group in plan order: its jobs, trials and planned epochs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRunView(
    int trials,
    int jobs,
    long epochsNaive,
    long epochsPlanned,
    String definitionHash,
    List<Plan.Fold> folded,
    Integer sampledLater,
    int cacheHits,
    long epochsFromCache,
    long epochsToTrain,
    int fusionGroups,
    List<Plan.Group> groups) {

  static DryRunView of(SweepDefinition definition, Plan plan, List<ResultCache.Hit> hits) {
    long fromCache = hits.stream().mapToLong(h -> plan.jobs().get(h.index()).plannedEpochs()).sum();
    return new DryRunView(
        plan.trials().size(),
        plan.jobs().size(),
        plan.epochsNaive(),
        plan.epochsPlanned(),
        plan.definitionHash(),
        plan.folded(),
        definition.method().equals("bayes") ? definition.runCap() - plan.trials().size() : null,
        hits.size(),
        fromCache,
        plan.epochsPlanned() - fromCache,
        plan.groups().size(),
        plan.groups());
  }

  /** The plan's jobs as result-cache lookups, in plan order. */
  static List<ResultCache.Wanted> wanted(Plan plan) {
    return plan.jobs().stream()
        .map(
            j ->
                new ResultCache.Wanted(
                    dev.sweep.contract.TrainingVersion.cacheKey(j.trainingKey()),
                    j.plannedEpochs(),
                    j.trials().stream().map(Plan.Trial::epochs).distinct().toList()))
        .toList();
  }
}
