package dev.sweep.api.analysis;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AnalysisController {
  private final AnalysisService analysis;

  AnalysisController(AnalysisService analysis) {
    this.analysis = analysis;
  }

  /** Per-parameter marginals, effect sizes and the top interaction; {@code ?metric=} overrides. */
  @GetMapping("/api/sweeps/{id}/analysis")
  SweepAnalysis analysis(
      @PathVariable long id, @RequestParam(name = "metric", required = false) String metric) {
    return analysis.analyse(id, metric);
  }
}
