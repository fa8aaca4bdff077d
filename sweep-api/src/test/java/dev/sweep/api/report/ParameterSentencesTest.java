package dev.sweep.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sweep.api.analysis.Metric;
import dev.sweep.api.analysis.SweepAnalysis.ParameterAnalysis;
import dev.sweep.api.analysis.SweepAnalysis.ValueStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSentencesTest {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static ValueStats value(String label, int n, double mean, double best) {
    return new ValueStats(JSON.textNode(label), label, n, mean, best, 0.01, List.of());
  }

  static ParameterAnalysis parameter(
      String name, Integer rank, Double eta, List<ValueStats> values) {
    return new ParameterAnalysis(
        name, rank, eta, null, null, null, null, false, List.of(), values, null);
  }

  @Test
  void aClearWinnerIsNamedWithItsNumbersAgainstTheOthersInOrder() {
    ParameterAnalysis optimizer =
        parameter(
            "optimizer",
            1,
            0.41,
            List.of(value("sgd", 288, 0.812, 0.85), value("adam", 288, 0.873, 0.889)));
    assertThat(ParameterSentences.paragraph(optimizer, 3, Metric.VAL_ACCURACY, "maximize"))
        .isEqualTo(
            "**optimizer**: `adam` worked best: mean val accuracy 0.873 (best 0.889, n = 288) vs"
                + " 0.812 for `sgd` (n = 288). It explains 41% of the variance in val accuracy"
                + " (eta² 0.41, rank 1 of 3): a large effect.");
  }

  @Test
  void lowerIsBetterWhenMinimising() {
    ParameterAnalysis lr =
        parameter(
            "learning_rate",
            1,
            0.08,
            List.of(value("0.01", 4, 0.31, 0.29), value("0.001", 4, 0.27, 0.25)));
    assertThat(ParameterSentences.paragraph(lr, 1, Metric.VAL_LOSS, "minimize"))
        .startsWith("**learning_rate**: `0.001` worked best: mean val loss 0.2700 (best 0.2500")
        .endsWith("a medium effect.");
  }

  @Test
  void aNegligibleEffectIsNotCalledAWinner() {
    ParameterAnalysis batch =
        parameter(
            "batch_size",
            3,
            0.002,
            List.of(value("64", 192, 0.706, 0.9), value("256", 192, 0.707, 0.9)));
    assertThat(ParameterSentences.paragraph(batch, 5, Metric.VAL_ACCURACY, "maximize"))
        .isEqualTo(
            "**batch_size**: made little difference (eta² 0.002, rank 3 of 5): mean val accuracy"
                + " 0.707 for `256` (n = 192), 0.706 for `64` (n = 192).");
  }

  @Test
  void foldedValuesAreReportedAsEquivalentNotAsAFinding() {
    ParameterAnalysis loss =
        new ParameterAnalysis(
            "loss",
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            List.of(List.of("nll", "cross_entropy")),
            List.of(value("nll", 8, 0.8, 0.9), value("cross_entropy", 8, 0.8, 0.9)),
            null);
    assertThat(ParameterSentences.paragraph(loss, 2, Metric.VAL_ACCURACY, "maximize"))
        .startsWith("**loss**: `nll` and `cross_entropy` are equivalent here")
        .contains("not a finding")
        .doesNotContain("worked best");
  }
}
