package dev.sweep.api.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.pruning.EarlyTermination.Hyperband;
import dev.sweep.api.pruning.EarlyTermination.Median;
import dev.sweep.api.pruning.EarlyTermination.Verdict;
import dev.sweep.api.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EarlyTerminationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static EarlyTermination parse(String json) {
    try {
      return EarlyTermination.parse(JSON.readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hyperbandRungsAreAtMinIterTimesPowersOfEta() {
    Hyperband h = (Hyperband) parse("{\"type\": \"hyperband\", \"min_iter\": 3}");
    assertThat(h.eta()).isEqualTo(3);
    assertThat(h.rungs()).startsWith(3, 9, 27, 81, 243);
    assertThat(h.isRung(9)).isTrue();
    assertThat(h.isRung(10)).isFalse();
    assertThat(h.toJson().toString())
        .isEqualTo("{\"type\":\"hyperband\",\"min_iter\":3,\"eta\":3}");
  }

  @Test
  void ashaIsHyperbandAndTheMaxIterFormCountsDownFromMaxIter() {
    assertThat(parse("{\"type\": \"asha\", \"min_iter\": 2, \"eta\": 2}"))
        .isEqualTo(Hyperband.fromMinIter(2, 2));
    Hyperband h = (Hyperband) parse("{\"type\": \"hyperband\", \"max_iter\": 27, \"s\": 2}");
    assertThat(h.rungs()).containsExactly(3, 9);
    assertThat(h.toJson().toString())
        .isEqualTo("{\"type\":\"hyperband\",\"max_iter\":27,\"s\":2,\"eta\":3}");
    // the normalised form parses back to the same rule
    assertThat(parse(h.toJson().toString())).isEqualTo(h);
  }

  @Test
  void hyperbandKeepsTheTopOneOverEtaOfTheJobsAtTheRungItselfIncluded() {
    Hyperband h = Hyperband.fromMinIter(1, 3);
    // the first job at a rung always goes on
    assertThat(h.judge(0.1, List.of(), true)).isEqualTo(new Verdict(false, 0.1, 0));
    // 2 and 3 jobs: ceil(n/3) = 1 goes on, the best
    assertThat(h.judge(0.5, List.of(0.6), true)).isEqualTo(new Verdict(true, 0.6, 1));
    assertThat(h.judge(0.7, List.of(0.6, 0.2), true)).isEqualTo(new Verdict(false, 0.7, 2));
    // 4 jobs: the best 2 go on; the cut-off is the second best
    assertThat(h.judge(0.5, List.of(0.6, 0.2, 0.4), true)).isEqualTo(new Verdict(false, 0.5, 3));
    assertThat(h.judge(0.3, List.of(0.6, 0.2, 0.4), true)).isEqualTo(new Verdict(true, 0.4, 3));
    // minimising a loss: lower is better
    assertThat(h.judge(0.3, List.of(0.6, 0.2, 0.4), false)).isEqualTo(new Verdict(false, 0.3, 3));
    assertThat(h.judge(0.5, List.of(0.6, 0.2, 0.4), false)).isEqualTo(new Verdict(true, 0.4, 3));
  }

  @Test
  void medianWaitsForWarmupAndMinTrialsThenStopsWhatIsWorseThanTheOthersMedian() {
    Median m = (Median) parse("{\"type\": \"median\", \"warmup_epochs\": 2, \"min_trials\": 3}");
    assertThat(m.isRung(2)).isFalse();
    assertThat(m.isRung(3)).isTrue();
    assertThat(m.judge(0.1, List.of(0.5, 0.6), true).prune()).isFalse();
    assertThat(m.judge(0.1, List.of(0.5, 0.6, 0.7), true)).isEqualTo(new Verdict(true, 0.6, 3));
    assertThat(m.judge(0.55, List.of(0.5, 0.6, 0.7, 0.4), true))
        .isEqualTo(new Verdict(false, 0.55, 4));
    assertThat(m.judge(0.65, List.of(0.5, 0.6, 0.7), false).prune()).isTrue();
    assertThat(parse("{\"type\": \"median\"}")).isEqualTo(new Median(0, 5));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\": \"hyperband\", \"min_iter\": 3, \"eta\": 1}        | early_terminate.eta",
        "{\"type\": \"hyperband\", \"min_iter\": 0}                    | early_terminate.min_iter",
        "{\"type\": \"hyperband\", \"min_iter\": 2.5}                  | early_terminate.min_iter",
        "{\"type\": \"hyperband\"}                                     | early_terminate.min_iter",
        "{\"type\": \"hyperband\", \"max_iter\": 27}                   | early_terminate.s",
        "{\"type\": \"hyperband\", \"max_iter\": 2, \"s\": 1}          | early_terminate.max_iter",
        "{\"type\": \"hyperband\", \"min_iter\": 3, \"max_iter\": 27, \"s\": 2} | early_terminate.min_iter",
        "{\"type\": \"hyperband\", \"min_iter\": 3, \"r\": 2}          | early_terminate.r",
        "{\"type\": \"envelope\"}                                      | early_terminate.type",
        "{\"min_iter\": 3}                                             | early_terminate.type",
        "{\"type\": \"median\", \"warmup_epochs\": -1}                 | early_terminate.warmup_epochs",
        "{\"type\": \"median\", \"min_trials\": 0}                     | early_terminate.min_trials",
        "[1, 2]                                                        | early_terminate",
      })
  void badInputNamesItsField(String json, String field) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.status().value()).isEqualTo(400);
            });
  }

  @Test
  void absentOrNullMeansNoRule() {
    assertThat(EarlyTermination.parse(null)).isNull();
    assertThat(EarlyTermination.parse(JSON.nullNode())).isNull();
    JsonNode missing = JSON.createObjectNode().path("early_terminate");
    assertThat(EarlyTermination.parse(missing)).isNull();
  }
}
