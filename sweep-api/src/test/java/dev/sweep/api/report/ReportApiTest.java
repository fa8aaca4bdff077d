package dev.sweep.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.DemoSweep;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

@ApiIntegrationTest
class ReportApiTest {
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  ResultsFixture fx;
  DemoSweep demo;

  @BeforeEach
  void seed() {
    TestDatabase.reset(jdbc);
    fx = new ResultsFixture(jdbc);
    demo = DemoSweep.insert(fx);
  }

  String markdown(long sweep) {
    ResponseEntity<String> r = http.getForEntity("/api/sweeps/" + sweep + "/report", String.class);
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    assertThat(r.getHeaders().getContentType().toString()).startsWith("text/markdown");
    return r.getBody();
  }

  /**
   * The mean the report should quote, computed by PostgreSQL rather than by the code under test.
   */
  String mean(String parameter, String value) {
    Double mean =
        jdbc.queryForObject(
            "SELECT avg(val_accuracy) FROM trial WHERE sweep_id = ? AND params->>? = ?",
            Double.class,
            demo.sweepId(),
            parameter,
            value);
    return String.format(Locale.ROOT, "%.3f", mean);
  }

  @Test
  void markdownHasOverviewFindingsBestConfigurationCurvesAndSavings() {
    String md = markdown(demo.sweepId());

    assertThat(md).startsWith("# Sweep report: demo-grid (#" + demo.sweepId() + ")");
    assertThat(md)
        // jsonb keeps object keys in its own order, so only the pieces are checked
        .contains("- Dataset: `fashion-mnist` (", "validation_size 10000", "seed 42")
        .contains("- Model: `mlp` (hidden_layers [256,128])")
        .contains("`optimizer ∈ {adam, sgd}`", " × ", "`learning_rate ∈ {0.01, 0.001}`")
        .contains("fixed `batch_size = 256`")
        .contains(
            "- Trials: 16 (0 queued, 0 running, 16 succeeded, 0 failed, 0 cancelled, 0 pruned)")
        .contains("served by 4 training jobs");

    assertThat(md)
        .contains(
            "**optimizer**: `adam` worked best: mean val accuracy "
                + mean("optimizer", "adam")
                + " (best 0.884, n = 8) vs "
                + mean("optimizer", "sgd")
                + " for `sgd` (n = 8).")
        .contains(
            "**learning_rate**: `0.01` worked best: mean val accuracy "
                + mean("learning_rate", "0.01"))
        .contains("**loss**: `nll` and `cross_entropy` are equivalent here")
        .contains("not a finding")
        .contains("of the variance in val accuracy (eta² ")
        .contains("(eta² 0.54, rank 1 of 3): a large effect.")
        .contains("| optimizer \\ epochs | `5` | `10` |");

    Map<String, Object> best =
        jdbc.queryForMap("SELECT * FROM trial WHERE id = ?", demo.bestTrialId());
    assertThat(md)
        .contains("Trial " + demo.bestTrialId() + " has the best val accuracy, 0.884")
        .contains(
            String.format(
                Locale.ROOT,
                "Final lines after epoch 10: training loss %.4f, train accuracy %.3f, test accuracy"
                    + " %.3f (test set evaluated for this configuration).",
                best.get("train_loss"),
                best.get("train_accuracy"),
                best.get("test_accuracy")));

    assertThat(md)
        .containsPattern(
            "!\\[Loss and accuracy of trial "
                + demo.bestTrialId()
                + "]\\(http://localhost:\\d+/api/trials/"
                + demo.bestTrialId()
                + "/curves.png\\)")
        .containsPattern(
            "!\\[Validation curves of the top 5 trials]\\(http://localhost:\\d+/api/sweeps/"
                + demo.sweepId()
                + "/curves.png\\?top=5\\)")
        .contains("| 5 | ");

    assertThat(md)
        .contains("Training every trial on its own would take 120 epochs")
        .contains("brings that to 80")
        .contains("to 40 planned epochs: 3.0× less training, 67% saved")
        .contains("So far 40 epochs were trained");
  }

  @Test
  void htmlEmbedsTheCurvesAndEscapesUserText() {
    jdbc.update("UPDATE sweep SET name = '<script>alert(1)</script>' WHERE id = ?", demo.sweepId());
    ResponseEntity<String> r =
        http.getForEntity("/api/sweeps/" + demo.sweepId() + "/report?format=html", String.class);
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    assertThat(r.getHeaders().getContentType().toString()).startsWith("text/html");
    String html = r.getBody();
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .containsPattern("<img src=\"http://localhost:\\d+/api/trials/\\d+/curves.png\"")
        .contains("<table>", "<h2>Best configuration</h2>", "<strong>optimizer</strong>")
        .doesNotContain("<script>");
  }

  @Test
  void aSweepWithoutFinishedTrialsStillReports() {
    long fresh = fx.sweep("fresh").values("optimizer", "adam", "sgd").status("QUEUED").insert();
    long job = fx.job(fresh, Map.of("optimizer", "adam"), 3, "QUEUED");
    fx.trial(fresh, job, Map.of("optimizer", "adam"), 3, "QUEUED");
    String md = markdown(fresh);
    assertThat(md)
        .contains("No trial has finished yet")
        .contains("None yet: no trial has finished.")
        .contains("- Trials: 1 (1 queued,")
        .doesNotContain("## Curves");
  }

  @Test
  void unknownSweepAndFormatAreProblems() {
    assertThat(http.getForEntity("/api/sweeps/777/report", String.class).getStatusCode().value())
        .isEqualTo(404);
    assertThat(
            http.getForEntity("/api/sweeps/" + demo.sweepId() + "/report?format=pdf", String.class)
                .getStatusCode()
                .value())
        .isEqualTo(400);
  }
}
