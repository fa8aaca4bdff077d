package dev.sweep.api.sweep;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The best trial and the leaderboard, by the sweep's metric or an override. */
@RestController
@RequestMapping("/api/sweeps/{id}")
@Tag(name = "results")
class SweepRankingController {
  private final RankingQueries ranking;

  SweepRankingController(RankingQueries ranking) {
    this.ranking = ranking;
  }

  @Operation(summary = "The best finished trial; 404 while none has finished")
  @GetMapping("/best")
  BestView best(
      @PathVariable long id,
      @Parameter(description = "val_accuracy, val_loss, train_accuracy or train_loss")
          @RequestParam(required = false)
          String metric) {
    return ranking.best(id, metric);
  }

  @Operation(
      summary = "The top finished results, best first",
      description =
          "One row per distinct result: trials folded into one training run (same job, same"
              + " epochs, e.g. loss nll and cross_entropy) share one row, which lists their ids"
              + " and the values they differ in under 'folded'. expand=true gives one row per"
              + " trial.")
  @GetMapping("/leaderboard")
  List<LeaderboardEntry> leaderboard(
      @PathVariable long id,
      @RequestParam(defaultValue = "10") int limit,
      @RequestParam(required = false) String metric,
      @Parameter(description = "one row per trial instead of one per distinct result")
          @RequestParam(defaultValue = "false")
          boolean expand) {
    return ranking.leaderboard(id, metric, limit, expand);
  }
}
