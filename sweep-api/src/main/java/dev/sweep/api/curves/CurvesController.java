package dev.sweep.api.curves;

import dev.sweep.api.analysis.MetricChoice;
import dev.sweep.api.analysis.RankedRun;
import dev.sweep.api.analysis.SweepResults;
import dev.sweep.api.analysis.SweepSummary;
import dev.sweep.api.analysis.TrialResult;
import dev.sweep.api.curves.CurveCharts.RankedCurve;
import dev.sweep.api.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Curve images of a trial, and of a sweep's top trials overlaid. */
@RestController
class CurvesController {
  static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");
  private static final int MAX_TOP = 20;

  private final SweepResults results;
  private final CurveRepository curves;

  CurvesController(SweepResults results, CurveRepository curves) {
    this.results = results;
    this.curves = curves;
  }

  @GetMapping("/api/trials/{id}/curves.png")
  ResponseEntity<byte[]> trialPng(
      @PathVariable long id,
      @RequestParam(defaultValue = "900") int width,
      @RequestParam(defaultValue = "640") int height) {
    return image(trialChart(id), MediaType.IMAGE_PNG, width, height);
  }

  @GetMapping("/api/trials/{id}/curves.svg")
  ResponseEntity<byte[]> trialSvg(
      @PathVariable long id,
      @RequestParam(defaultValue = "900") int width,
      @RequestParam(defaultValue = "640") int height) {
    return image(trialChart(id), SVG, width, height);
  }

  @GetMapping("/api/sweeps/{id}/curves.png")
  ResponseEntity<byte[]> sweepPng(
      @PathVariable long id,
      @RequestParam(defaultValue = "5") int top,
      @RequestParam(required = false) String metric,
      @RequestParam(defaultValue = "900") int width,
      @RequestParam(defaultValue = "640") int height) {
    return image(sweepChart(id, top, metric), MediaType.IMAGE_PNG, width, height);
  }

  @GetMapping("/api/sweeps/{id}/curves.svg")
  ResponseEntity<byte[]> sweepSvg(
      @PathVariable long id,
      @RequestParam(defaultValue = "5") int top,
      @RequestParam(required = false) String metric,
      @RequestParam(defaultValue = "900") int width,
      @RequestParam(defaultValue = "640") int height) {
    return image(sweepChart(id, top, metric), SVG, width, height);
  }

  private JFreeChart trialChart(long trialId) {
    TrialResult trial = results.trial(trialId);
    return CurveCharts.trial(trial, curves.curve(trial));
  }

  private JFreeChart sweepChart(long sweepId, int top, String metric) {
    if (top < 1 || top > MAX_TOP) {
      throw ApiException.badRequest("top", "top must be between 1 and " + MAX_TOP);
    }
    SweepSummary sweep = results.sweep(sweepId);
    MetricChoice choice = MetricChoice.resolve(sweep, metric);
    List<RankedCurve> ranked = new ArrayList<>();
    for (RankedRun run : RankedRun.distinctCurves(results.top(sweepId, choice, top * 8), top)) {
      TrialResult t = run.trial();
      String label =
          choice.metric().key()
              + " "
              + String.format(Locale.ROOT, "%.4f", t.metric(choice.metric()))
              + (run.foldedWith().isEmpty()
                  ? ""
                  : ", " + t.epochs() + " ep, +" + run.foldedWith().size() + " sharing the run");
      ranked.add(new RankedCurve(run.rank(), t, label, curves.curve(t)));
    }
    String title = sweep.name() + ": top " + ranked.size() + " by " + choice.metric().key();
    return CurveCharts.overlay(title, ranked);
  }

  private static ResponseEntity<byte[]> image(
      JFreeChart chart, MediaType type, int width, int height) {
    if (width < 200 || width > 4000) {
      throw ApiException.badRequest("width", "width must be between 200 and 4000 pixels");
    }
    if (height < 150 || height > 4000) {
      throw ApiException.badRequest("height", "height must be between 150 and 4000 pixels");
    }
    byte[] body =
        type.equals(SVG)
            ? ChartImages.svg(chart, width, height)
            : ChartImages.png(chart, width, height);
    // curves grow while the sweep runs; let clients revalidate instead of caching
    return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(body);
  }
}
