package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.api.grid.GridPlanner;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.DatasetSpec;
import dev.sweep.contract.ModelSpec;
import dev.sweep.contract.SweepDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

class DefinitionValidatorTest {

  /** A small trial cap, so that the table can hold a grid that is too large. */
  private static final int CAP = 100;

  /** A malformed definition, the field the error must name, and words its detail must contain. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("unknown method", "method: hyperband", "method", "unknown method 'hyperband'"),
        bad("bayes without run_cap", "method: bayes", "run_cap", "required with method bayes"),
        bad(
            "bayes with run_cap 0",
            "method: bayes\nrun_cap: 0",
            "run_cap",
            "run_cap must be at least 1"),
        bad(
            "bayes over a parameter with no values",
            "method: bayes\nrun_cap: 5\nparameters: {optimizer: {values: []}}",
            "parameters.optimizer.values",
            "must not be empty"),
        bad(
            "bayes over a range without max",
            "method: bayes\nrun_cap: 5\nparameters: {learning_rate: {min: 0.1}}",
            "parameters.learning_rate",
            "needs both min and max"),
        bad("cache not a boolean", "cache: maybe", "cache", "must be true or false"),
        bad("fusion not a boolean", "fusion: [yes]", "fusion", "fusion"),
        bad("method not a string", "method: [grid]", "method", "must be a string"),
        bad(
            "empty values",
            "parameters: {learning_rate: {values: []}}",
            "parameters.learning_rate.values",
            "must not be empty"),
        bad(
            "values not a list",
            "parameters: {learning_rate: {values: 0.1}}",
            "parameters.learning_rate.values",
            "must be a list"),
        bad(
            "negative learning rate",
            "parameters: {learning_rate: {values: [0.01, -0.1]}}",
            "parameters.learning_rate.values[1]",
            "must be greater than 0"),
        bad(
            "zero learning rate",
            "parameters: {learning_rate: {value: 0}}",
            "parameters.learning_rate.value",
            "must be greater than 0"),
        bad(
            "learning rate as a word",
            "parameters: {learning_rate: {value: fast}}",
            "parameters.learning_rate.value",
            "must be a number"),
        bad(
            "unknown optimizer",
            "parameters: {optimizer: {values: [adam, adagrad]}}",
            "parameters.optimizer.values[1]",
            "unknown optimizer 'adagrad'"),
        bad(
            "unknown loss",
            "parameters: {loss: {values: [hinge]}}",
            "parameters.loss.values[0]",
            "unknown loss 'hinge'"),
        bad(
            "unknown activation",
            "parameters: {activation: {value: swish}}",
            "parameters.activation.value",
            "unknown activation 'swish'"),
        bad(
            "non-integer batch size",
            "parameters: {batch_size: {values: [64, 100.5]}}",
            "parameters.batch_size.values[1]",
            "must be an integer"),
        bad(
            "batch size as a string",
            "parameters: {batch_size: {values: [\"64\"]}}",
            "parameters.batch_size.values[0]",
            "must be an integer"),
        bad(
            "epochs below one",
            "parameters: {epochs: {values: [0, 10]}}",
            "parameters.epochs.values[0]",
            "must be at least 1"),
        bad("metric of the wrong type", "metric: val_accuracy", "metric", "must be an object"),
        bad(
            "parameter of the wrong type",
            "parameters: {epochs: 10}",
            "parameters.epochs",
            "must be an object"),
        bad("parameters as a list", "parameters: [epochs]", "parameters", "must be an object"),
        bad("unknown top-level key", "controller: {type: local}", "controller", "unknown key"),
        bad(
            "early_terminate without min_iter",
            "early_terminate: {type: hyperband}",
            "early_terminate.min_iter",
            "needs min_iter"),
        bad(
            "early_terminate eta 1",
            "early_terminate: {type: hyperband, min_iter: 3, eta: 1}",
            "early_terminate.eta",
            "at least 2"),
        bad(
            "unknown parameter",
            "parameters: {gamma: {value: 0.5}}",
            "parameters.gamma",
            "unknown parameter"),
        bad(
            "dropout of one",
            "parameters: {dropout: {values: [0.1, 1]}}",
            "parameters.dropout.values[1]",
            "must be in [0, 1)"),
        bad(
            "negative weight decay",
            "parameters: {weight_decay: {values: [0.01, -0.1]}}",
            "parameters.weight_decay.values[1]",
            "must be between 0 and 1"),
        bad(
            "weight decay as text",
            "parameters: {weight_decay: {value: lots}}",
            "parameters.weight_decay.value",
            ""),
        bad(
            "unknown schedule",
            "parameters: {lr_schedule: {value: {type: linear}}}",
            "parameters.lr_schedule.value.type",
            "must be one of constant, step, exponential, cosine"),
        bad(
            "schedule without a type",
            "parameters: {lr_schedule: {values: [{type: cosine}, {warmup_epochs: 1}]}}",
            "parameters.lr_schedule.values[1].type",
            ""),
        bad(
            "negative warm-up",
            "parameters: {lr_schedule: {value: {type: constant, warmup_epochs: -1}}}",
            "parameters.lr_schedule.value.warmup_epochs",
            "must be between 0 and 1000"),
        bad(
            "gamma above one",
            "parameters: {lr_schedule: {value: {type: step, step_size: 2, gamma: 1.5}}}",
            "parameters.lr_schedule.value.gamma",
            "must be in (0, 1]"),
        bad(
            "unknown schedule key",
            "parameters: {lr_schedule: {value: {type: step, steps: 2}}}",
            "parameters.lr_schedule.value.steps",
            "steps"),
        bad(
            "normalize with std zero",
            "dataset: {normalize: {mean: 0.286, std: 0}}",
            "dataset.normalize.std",
            "must be in (0, 10]"),
        bad(
            "normalize without a mean",
            "dataset: {normalize: {std: 0.353}}",
            "dataset.normalize.mean",
            ""),
        bad(
            "normalize with an unknown key",
            "dataset: {normalize: {mean: 0.286, std: 0.353, max: 1}}",
            "dataset.normalize.max",
            "max"),
        bad(
            "unknown key in a parameter",
            "parameters: {epochs: {values: [1], q: 2}}",
            "parameters.epochs.q",
            "unknown key 'q'"),
        bad(
            "both value and values",
            "parameters: {epochs: {value: 1, values: [2]}}",
            "parameters.epochs",
            "only one of"),
        bad(
            "neither value nor values",
            "parameters: {epochs: {}}",
            "parameters.epochs",
            "needs values or value"),
        bad("unknown metric", "metric: {name: f1}", "metric.name", "unknown metric.name 'f1'"),
        bad(
            "unknown goal",
            "metric: {name: val_loss, goal: lowest}",
            "metric.goal",
            "maximize or minimize"),
        bad(
            "unknown dataset",
            "dataset: {name: mnist}",
            "dataset.name",
            "use fashion-mnist, or idx"),
        bad(
            "validation too large",
            "dataset: {validation_size: 60000}",
            "dataset.validation_size",
            "between 0 and 59000"),
        bad(
            "no validation images for the default val metric",
            "dataset: {validation_size: 0}",
            "dataset.validation_size",
            "dataset.validation_size 0 leaves no validation images, so metric.name val_accuracy"
                + " cannot be measured; with dataset.validation_size 0 use metric.name train_loss"
                + " or train_accuracy"),
        bad(
            "no validation images for val_loss",
            "metric: {name: val_loss}\ndataset: {validation_size: 0}",
            "dataset.validation_size",
            "metric.name val_loss cannot be measured"),
        bad(
            "train limit zero",
            "dataset: {train_limit: 0}",
            "dataset.train_limit",
            "between 1 and"),
        bad("unknown model type", "model: {type: cnn}", "model.type", "unknown model.type 'cnn'"),
        bad(
            "patch size not dividing 28",
            "model: {type: mixer, patch_size: 5}",
            "model.patch_size",
            "must divide 28"),
        bad(
            "swept patch size not dividing 28",
            "model: {type: mixer}\nparameters: {patch_size: {values: [7, 6]}}",
            "parameters.patch_size.values[1]",
            "must divide 28"),
        bad(
            "mixer field on an mlp",
            "parameters: {hidden_dim: {values: [64]}}",
            "parameters.hidden_dim",
            "belongs to model type mixer"),
        bad(
            "hidden layers not a list of lists",
            "parameters: {hidden_layers: {values: [256, 128]}}",
            "parameters.hidden_layers.values[0]",
            "list of layer widths"),
        bad(
            "model field set twice",
            "model: {hidden_layers: [64]}\nparameters: {hidden_layers: {values: [[32]]}}",
            "parameters.hidden_layers",
            "also set in model.hidden_layers"),
        bad(
            "momentum of one",
            "parameters: {momentum: {value: 1}}",
            "parameters.momentum.value",
            "[0, 1)"),
        bad(
            "skip not a boolean",
            "model: {type: mixer, skip: maybe}",
            "model.skip",
            "true or false"),
        bad(
            "range in a grid",
            "parameters: {learning_rate: {min: 0.001, max: 0.1}}",
            "parameters.learning_rate",
            "needs method: random"),
        bad("random without run_cap", "method: random", "run_cap", "run_cap is required"),
        bad("run_cap on a grid", "run_cap: 5", "run_cap", "random and bayes only"),
        bad(
            "log_uniform from zero",
            "method: random\nrun_cap: 3\nparameters: {learning_rate: {min: 0, max: 1, distribution: log_uniform}}",
            "parameters.learning_rate.min",
            "must be greater than 0"),
        bad(
            "range over choices",
            "method: random\nrun_cap: 3\nparameters: {optimizer: {min: 1, max: 2}}",
            "parameters.optimizer",
            "cannot be sampled from min/max"),
        bad(
            "min above max",
            "method: random\nrun_cap: 3\nparameters: {epochs: {min: 5, max: 2}}",
            "parameters.epochs.max",
            "must not be less than min"),
        bad(
            "too many trials",
            "parameters: {batch_size: {values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]},"
                + " epochs: {values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}}",
            "parameters",
            "110 trials, more than the limit of 100"),
        bad("unparseable YAML", "name: x\nparameters: {epochs: [1, 2\n", null, "line 3"),
        bad("duplicate key", "name: a\nname: b\n", null, "Duplicate field 'name'"),
        bad("a list at the top", "- a\n- b\n", null, "must be a mapping"),
        bad("empty body", "  \n", null, "empty"));
  }

  private static Arguments bad(String why, String yaml, String field, String words) {
    return Arguments.of(why, yaml, field, words);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsWithTheFieldNamed(String why, String yaml, String field, String words) {
    assertThatThrownBy(() -> GridPlanner.plan(Definitions.yaml(yaml), CAP))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).contains(words);
            });
  }

  @Test
  void fusionFalseIsKeptAndAnAbsentKeyLeavesTheDefinitionAndItsHashAsBefore() {
    assertThat(Definitions.yaml("fusion: false").fused()).isFalse();
    assertThat(Definitions.yaml("fusion: true").fused()).isTrue();
    SweepDefinition absent = Definitions.yaml("{}");
    assertThat(absent.fused()).isTrue();
    assertThat(absent.fusion()).isNull();
    assertThat(dev.sweep.api.grid.CanonicalJson.write(absent)).doesNotContain("fusion");
  }

  @Test
  void unparseableJsonIsLocated() {
    assertThatThrownBy(() -> Definitions.json("{\"name\": \"x\",\n \"method\" grid}"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).contains("JSON", "line 2, column"));
  }

  @Test
  void fillsEveryDefault() {
    SweepDefinition d = Definitions.yaml("{}");

    assertThat(d.name()).isEqualTo("sweep");
    assertThat(d.method()).isEqualTo("grid");
    assertThat(d.metric()).isEqualTo(new SweepDefinition.Metric("val_accuracy", "maximize"));
    assertThat(d.dataset()).isEqualTo(new DatasetSpec("fashion-mnist", 10_000, null, 42));
    assertThat(d.model().type()).isEqualTo("mlp");
    assertThat(d.model().hiddenLayers()).containsExactly(256, 128);
    assertThat(d.model().hiddenDim()).isNull();
    assertThat(d.parameters())
        .containsExactly(
            Map.entry("learning_rate", SweepDefinition.Parameter.of(0.001)),
            Map.entry("optimizer", SweepDefinition.Parameter.of("adam")),
            Map.entry("loss", SweepDefinition.Parameter.of("cross_entropy")),
            Map.entry("batch_size", SweepDefinition.Parameter.of(256)),
            Map.entry("epochs", SweepDefinition.Parameter.of(10)),
            Map.entry("activation", SweepDefinition.Parameter.of("relu")),
            Map.entry("seed", SweepDefinition.Parameter.of(42L)));
    assertThat(d.runCap()).isNull();
  }

  @Test
  void serialisesAsTheSnakeCaseDefinitionUsersWrite() throws Exception {
    SweepDefinition d =
        Definitions.yaml(
            "name: s\ndataset: {train_limit: 100}\nparameters: {epochs: {values: [1, 2]}}");

    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(d))
        .isEqualTo(
            "{\"name\":\"s\",\"method\":\"grid\","
                + "\"metric\":{\"name\":\"val_accuracy\",\"goal\":\"maximize\"},"
                + "\"dataset\":{\"name\":\"fashion-mnist\",\"validation_size\":10000,"
                + "\"train_limit\":100,\"seed\":42},"
                + "\"model\":{\"type\":\"mlp\",\"hidden_layers\":[256,128]},"
                + "\"parameters\":{\"learning_rate\":{\"value\":0.001},"
                + "\"optimizer\":{\"value\":\"adam\"},\"loss\":{\"value\":\"cross_entropy\"},"
                + "\"batch_size\":{\"value\":256},\"epochs\":{\"values\":[1,2]},"
                + "\"activation\":{\"value\":\"relu\"},\"seed\":{\"value\":42}}}");
  }

  @Test
  void earlyTerminateIsStoredNormalisedAndAbsentWithoutIt() throws Exception {
    SweepDefinition d =
        Definitions.yaml(
            "early_terminate: {type: asha, min_iter: 3}\nparameters: {epochs: {values: [1, 9]}}");
    String stored = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(d);

    assertThat(stored)
        .endsWith(",\"early_terminate\":{\"type\":\"hyperband\",\"min_iter\":3,\"eta\":3}}");
    assertThat(Definitions.yaml("{}").earlyTerminate()).isNull();
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(Definitions.yaml("{}")))
        .doesNotContain("early_terminate");
  }

  @Test
  void mixerDefaultsAreTheSeedsModelWithoutSkipOrNorm() {
    ModelSpec m = Definitions.yaml("model: {type: mixer}").model();

    assertThat(m).isEqualTo(new ModelSpec("mixer", null, 7, 128, 2, 64, 256, false, false));
  }

  @Test
  void sweptModelFieldsLeaveTheModelBlock() {
    SweepDefinition d =
        Definitions.yaml("model: {type: mixer}\nparameters: {blocks: {values: [1, 2]}}");

    assertThat(d.model().blocks()).isNull();
    assertThat(d.parameters().get("blocks").values()).containsExactly(1, 2);
  }

  @Test
  void acceptsAndIgnoresWandbKeysAndAliases() {
    SweepDefinition d =
        Definitions.yaml(
            """
            program: train.py
            command: [python, train.py]
            project: p
            entity: e
            description: from W&B
            name: 2024
            metric: {name: val_loss, target: 0.2}
            parameters:
              loss: {values: [NLLLoss, CrossEntropyLoss]}
              optimizer: {value: Adam, distribution: constant}
              activation: {distribution: categorical, values: [relu, tanh]}
              learning_rate: {value: 1e-3}
            """);

    assertThat(d.name()).isEqualTo("2024");
    assertThat(d.metric()).isEqualTo(new SweepDefinition.Metric("val_loss", "minimize"));
    assertThat(d.parameters().get("activation").values()).containsExactly("relu", "tanh");
    assertThat(d.parameters().get("loss").values()).containsExactly("nll", "cross_entropy");
    assertThat(d.parameters().get("optimizer").value()).isEqualTo("adam");
    assertThat(d.parameters().get("learning_rate").value()).isEqualTo(0.001);
  }

  @Test
  void validationSizeZeroIsAcceptedWithATrainMetric() {
    for (String metric : List.of("train_accuracy", "train_loss")) {
      SweepDefinition d =
          Definitions.yaml("metric: {name: " + metric + "}\ndataset: {validation_size: 0}");

      assertThat(d.dataset().validationSize()).isZero();
      assertThat(d.metric().name()).isEqualTo(metric);
      // every one of the 60k images trains: the whole set is a valid train_limit
      assertThat(
              Definitions.yaml(
                      "metric: {name: "
                          + metric
                          + "}\ndataset: {validation_size: 0, train_limit: 60000}")
                  .dataset()
                  .trainLimit())
          .isEqualTo(60_000);
    }
  }

  @Test
  void parameterSeedDefaultsToTheDatasetSeed() {
    SweepDefinition d = Definitions.yaml("dataset: {seed: 9, train_limit: 500}");

    assertThat(d.parameters().get("seed").value()).isEqualTo(9L);
    assertThat(d.dataset().trainLimit()).isEqualTo(500);
  }

  @Test
  void jsonAndYamlGiveTheSameDefinition() {
    SweepDefinition fromJson =
        Definitions.json(
            "{\"name\": \"j\", \"parameters\": {\"epochs\": {\"values\": [1, 2]},"
                + " \"momentum\": {\"value\": 0.9}}}");
    SweepDefinition fromYaml =
        Definitions.yaml(
            "name: j\nparameters:\n  epochs: {values: [1, 2]}\n  momentum: {value: 0.9}");

    assertThat(fromJson).isEqualTo(fromYaml);
    assertThat(fromJson.parameters().keySet())
        .containsExactly(
            "learning_rate",
            "optimizer",
            "momentum",
            "loss",
            "batch_size",
            "epochs",
            "activation",
            "seed");
  }

  @Test
  void randomRangesAreKept() {
    SweepDefinition d =
        Definitions.yaml(
            "method: random\nrun_cap: 4\nparameters:\n"
                + "  learning_rate: {min: 0.0001, max: 0.1, distribution: log_uniform_values}");

    assertThat(d.runCap()).isEqualTo(4);
    assertThat(d.parameters().get("learning_rate"))
        .isEqualTo(new SweepDefinition.Parameter(null, null, 0.0001, 0.1, "log_uniform"));
    assertThat(List.of(d.method())).containsExactly("random");
  }
}
