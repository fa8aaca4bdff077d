package dev.sweep.api.sweep;

import dev.sweep.api.job.TrialStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Trials and their curves. */
@RestController
@Tag(name = "trials")
class SweepTrialsController {
  private final TrialQueries trials;

  SweepTrialsController(TrialQueries trials) {
    this.trials = trials;
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

  @Operation(summary = "A trial's per-epoch metrics, up to its own epoch count")
  @GetMapping("/api/trials/{id}/epochs")
  List<EpochView> epochs(@PathVariable long id) {
    return trials.epochs(id);
  }
}
