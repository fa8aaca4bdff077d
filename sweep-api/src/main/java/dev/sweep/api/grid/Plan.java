package dev.sweep.api.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sweep.contract.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * What a definition expands to, before anything is stored.
 *
 * @param epochsNaive epochs if every trial trained on its own
 * @param epochsPlanned epochs the jobs actually train (each job to its largest trial)
 * @param folded why fewer jobs than trials, one entry per rule that applied
 * @param groups the fusion groups the jobs form, each trained as one computation on one slot
 */
public record Plan(
    String definitionHash,
    List<Trial> trials,
    List<Job> jobs,
    long epochsNaive,
    long epochsPlanned,
    List<Fold> folded,
    List<Group> groups) {

  /**
   * One grid point.
   *
   * @param identity SHA-256 of the full canonical configuration; unique within a sweep
   * @param params flat snake_case hyperparameters, defaults filled
   */
  public record Trial(String identity, Map<String, Object> params, int epochs) {}

  /**
   * One training run serving every trial with the same training key.
   *
   * @param trainingKey SHA-256 of the canonical configuration without epochs, values folded
   * @param group index of its fusion group in {@link Plan#groups()}
   */
  public record Job(
      String trainingKey, TrainingConfig config, int plannedEpochs, List<Trial> trials, int group) {
    Job inGroup(int index) {
      return new Job(trainingKey, config, plannedEpochs, trials, index);
    }
  }

  /**
   * Jobs of equal {@link dev.sweep.contract.FusionKey} that one worker slot claims together and
   * trains as one computation; each job keeps its own lease, epochs, checkpoint and failure.
   *
   * @param jobs how many jobs it holds (1: trained alone)
   * @param trials the trials those jobs serve
   * @param plannedEpochs the epochs of its longest job: the group trains that long, the shorter
   *     jobs leave it when they are done
   * @param model the model type, for display
   */
  public record Group(int index, int jobs, int trials, int plannedEpochs, String model) {}

  /**
   * One folding or sharing rule that merged trials into fewer jobs.
   *
   * @param values the values that were merged
   * @param into what they became (null when the value is dropped as unused)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Fold(String parameter, List<Object> values, Object into, String reason) {}
}
