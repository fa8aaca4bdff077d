package dev.sweep.cli;

import static dev.sweep.cli.TestViews.best;
import static dev.sweep.cli.TestViews.entry;
import static dev.sweep.cli.TestViews.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultViewTest {
  private final ApiViews.Metric metric = new ApiViews.Metric("val_accuracy", "maximize", null);

  @Test
  void leaderboardShowsOnlyTheParametersThatDifferBetweenRows() {
    List<String> lines =
        ResultView.leaderboard(
            metric,
            List.of(
                entry(
                    1, 12, 0.8412, "{\"learning_rate\":0.001,\"optimizer\":\"adam\",\"epochs\":3}"),
                entry(
                    2, 4, 0.8210, "{\"learning_rate\":0.01,\"optimizer\":\"adam\",\"epochs\":3}")));

    assertThat(lines.get(0)).isEqualTo("Top 2 by val_accuracy (maximize)");
    assertThat(lines.get(1)).contains("rank", "trial", "val_accuracy", "train_loss", "test_acc");
    assertThat(lines.get(2))
        .matches("  1 +12 +84\\.12 % +0\\.3000 +90\\.00 % +87\\.00 % +3  learning_rate=0\\.001");
    assertThat(lines.get(3)).contains("82.10 %").endsWith("  learning_rate=0.01");
  }

  @Test
  void aRowOfFoldedTwinsNamesTheirValuesTogether() {
    List<String> lines =
        ResultView.leaderboard(
            metric,
            List.of(
                TestViews.folded(
                    1,
                    12,
                    0.8412,
                    "{\"learning_rate\":0.001,\"loss\":\"nll\",\"epochs\":3}",
                    "{\"loss\":[\"nll\",\"cross_entropy\"]}"),
                entry(2, 4, 0.8210, "{\"learning_rate\":0.01,\"loss\":\"nll\",\"epochs\":3}")));

    assertThat(lines.get(2)).endsWith("  learning_rate=0.001 loss=nll | cross_entropy");
    assertThat(lines.get(3)).endsWith("  learning_rate=0.01");
  }

  @Test
  void emptyLeaderboardSaysSo() {
    assertThat(ResultView.leaderboard(metric, List.of()))
        .containsExactly("Top 0 by val_accuracy (maximize)", "  no finished trial yet");
  }

  @Test
  void bestEndsWithTheSeedsThreeLines() {
    List<String> lines =
        ResultView.best(
            best(
                12,
                0.8412,
                "{\"learning_rate\":0.001,\"hidden_layers\":[256,128],\"optimizer\":\"adam\"}"));

    assertThat(lines)
        .containsExactly(
            "Best configuration: trial 12, val_accuracy 84.12 % after 3 epochs",
            "  hidden_layers    [256,128]",
            "  learning_rate    0.001",
            "  optimizer        adam",
            "Final training loss: 0.3123",
            "Train accuracy:      88.76 %",
            "Validation accuracy: 84.12 %",
            "Test accuracy:       87.33 %");
  }

  @Test
  void bestWithoutValidationImagesSaysSoInsteadOfAValue() {
    ApiViews.Best best =
        new ApiViews.Best(
            7,
            TestViews.params("{\"learning_rate\":0.001}"),
            1,
            new ApiViews.Metric("train_accuracy", "maximize", 0.8876),
            0.31234,
            0.8876,
            null,
            null,
            0.37,
            0.8733);

    assertThat(ResultView.best(best))
        .containsExactly(
            "Best configuration: trial 7, train_accuracy 88.76 % after 1 epochs",
            "  learning_rate    0.001",
            "Final training loss: 0.3123",
            "Train accuracy:      88.76 %",
            "Validation accuracy: - (no validation images: dataset.validation_size 0)",
            "Test accuracy:       87.33 %");
  }

  @Test
  void statusShowsCountsAndComputeSaved() {
    List<String> lines =
        ResultView.status(
            sweep().count("SUCCEEDED", 20).count("RUNNING", 4).epochs(30, 40).build());

    assertThat(lines.get(0)).isEqualTo("sweep #3 quick: RUNNING");
    assertThat(lines)
        .contains(
            "  trials   24: 20 succeeded, 4 running, 0 queued, 0 failed, 0 cancelled, 0 pruned",
            "  epochs   40 planned instead of 96 naive (58% saved)");
  }
}
