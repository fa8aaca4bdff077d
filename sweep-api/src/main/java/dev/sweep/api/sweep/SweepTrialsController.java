package dev.sweep.api.sweep;

import dev.sweep.api.job.JobLifecycle;
import dev.sweep.api.job.TrialStatus;
import dev.sweep.api.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Trials and their curves. */
@RestController
@Tag(name = "trials")
class SweepTrialsController {
  private final TrialQueries trials;
  private final JobLifecycle lifecycle;

  SweepTrialsController(TrialQueries trials, JobLifecycle lifecycle) {
    this.trials = trials;
    this.lifecycle = lifecycle;
  }

  @Operation(summary = "A sweep's trials, a page at a time, optionally by status")
  @GetMapping("/api/sweeps/{id}/trials")
  TrialView.Page page(
      @PathVariable long id,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    return trials.page(id, Statuses.filter(TrialStatus.class, status), page, size);
  }

  @Operation(summary = "One trial with its final metrics")
  @GetMapping("/api/trials/{id}")
  TrialView get(@PathVariable long id) {
    return trials.get(id);
  }

  @Operation(
      summary = "Train a PRUNED trial's job on",
      description =
          "Early termination stopped the trial's job at a rung. The job is queued again and"
              + " resumes from its newest checkpoint; every PRUNED trial of the job is QUEUED again,"
              + " and the rule does not judge the job again. 409 unless the trial is PRUNED.")
  @PostMapping("/api/trials/{id}/resume")
  TrialView resume(@PathVariable long id) {
    TrialView trial = trials.get(id);
    if (!TrialStatus.PRUNED.name().equals(trial.status())) {
      throw ApiException.conflict(
          "trial " + id + " is " + trial.status() + "; only a PRUNED trial can be resumed");
    }
    lifecycle.resume(trial.jobId());
    return trials.get(id);
  }

  @Operation(summary = "A trial's per-epoch metrics, up to its own epoch count")
  @GetMapping("/api/trials/{id}/epochs")
  List<EpochView> epochs(@PathVariable long id) {
    return trials.epochs(id);
  }
}
