package dev.sweep.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
  private final ConfigValidator validator = ConfigValidator.shared();

  @Test
  void theDefaultsAreValid() {
    assertThat(validator.validate(TrainingConfig.DEFAULTS)).isEmpty();
  }

  @Test
  void namesEachProblemByItsJsonPath() {
    TrainingConfig bad =
        new TrainingConfig(
            new DatasetSpec("fashion-mnist", 59_000, 2_000, 1),
            new ModelSpec("mlp", List.of(64, 0), 5, null, null, null, null, null, null),
            -1,
            "adagrad",
            1.0,
            "nll",
            0,
            0,
            "relu",
            1);

    assertThat(validator.validate(bad))
        .extracting(ConfigValidator.Problem::path)
        .containsExactly(
            "batch_size",
            "dataset.train_limit",
            "epochs",
            "learning_rate",
            "model.hidden_layers[1]",
            "model.patch_size", // does not divide 28
            "model.patch_size", // belongs to the mixer
            "momentum",
            "optimizer");
  }

  @Test
  void checksOneValueOfAKey() {
    assertThat(validator.validateValue(ConfigKeys.get("hidden_layers"), List.of(3, -2)))
        .extracting(p -> p.detail("parameters.hidden_layers.values[0]"))
        .containsExactly("parameters.hidden_layers.values[0][1] must be at least 1 (got -2)");
    assertThat(validator.validateValue(ConfigKeys.get("patch_size"), 6))
        .extracting(ConfigValidator.Problem::message)
        .containsExactly("must divide 28 (1, 2, 4, 7, 14 or 28)");
    assertThat(validator.validateValue(ConfigKeys.get("learning_rate"), 0.1)).isEmpty();
  }

  @Test
  void keysComeFromTheRecordsInOrder() {
    assertThat(ConfigKeys.trainingKeys())
        .extracting(ConfigKeys.Key::name)
        .containsExactly(
            "learning_rate",
            "optimizer",
            "momentum",
            "loss",
            "batch_size",
            "epochs",
            "activation",
            "seed");
    assertThat(ConfigKeys.modelFields("mixer"))
        .extracting(ConfigKeys.Key::name)
        .containsExactly(
            "patch_size",
            "hidden_dim",
            "blocks",
            "token_mlp_dim",
            "channel_mlp_dim",
            "skip",
            "layer_norm");
    assertThat(ConfigKeys.get("loss").aliases()).containsEntry("nllloss", "nll");
    assertThat(ConfigKeys.get("hidden_layers").kind()).isEqualTo(ConfigKeys.Kind.INT_LIST);
    assertThat(ConfigKeys.get("seed").defaultValue("mlp")).isEqualTo(42L);
  }

  @Test
  void bindsFromSnakeCaseJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String text = json.writeValueAsString(TrainingConfig.DEFAULTS);

    assertThat(text).contains("\"learning_rate\":0.001", "\"hidden_layers\":[256,128]");
    assertThat(json.readValue(text, TrainingConfig.class)).isEqualTo(TrainingConfig.DEFAULTS);
  }
}
