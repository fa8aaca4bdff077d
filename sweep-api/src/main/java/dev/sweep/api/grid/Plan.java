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
 */
public record Plan(
    String definitionHash,
    List<Trial> trials,
    List<Job> jobs,
    long epochsNaive,
    long epochsPlanned,
    List<Fold> folded) {

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
   */
  public record Job(
      String trainingKey, TrainingConfig config, int plannedEpochs, List<Trial> trials) {}

  /**
   * One folding or sharing rule that merged trials into fewer jobs.
   *
   * @param values the values that were merged
   * @param into what they became (null when the value is dropped as unused)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Fold(String parameter, List<Object> values, Object into, String reason) {}
}
