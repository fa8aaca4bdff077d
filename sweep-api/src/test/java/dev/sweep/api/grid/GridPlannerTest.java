package dev.sweep.api.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.api.sweep.Definitions;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.SweepDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GridPlannerTest {
  private static final int CAP = 100_000;

  private static Plan plan(String yaml) {
    return GridPlanner.plan(Definitions.yaml(yaml), CAP);
  }

  @Test
  void seedGridExpandsTo576TrialsServedBy72Jobs() {
    Plan plan = GridPlanner.plan(Definitions.grid("seed.yaml"), CAP);

    assertThat(plan.trials()).hasSize(576);
    assertThat(plan.jobs()).hasSize(72);
    assertThat(plan.epochsNaive()).isEqualTo(15_840);
    assertThat(plan.epochsPlanned()).isEqualTo(3_600);
    // each job: 2 losses x 4 epoch counts, trained once to 50 epochs
    assertThat(plan.jobs())
        .allSatisfy(
            job -> {
              assertThat(job.trials()).hasSize(8);
              assertThat(job.plannedEpochs()).isEqualTo(50);
              assertThat(job.config().loss()).isEqualTo("cross_entropy");
              assertThat(job.config().model().type()).isEqualTo("mixer");
              assertThat(job.config().model().patchSize()).isEqualTo(7);
              assertThat(job.config().model().skip()).isFalse();
            });
    assertThat(plan.folded())
        .extracting(Plan.Fold::parameter, Plan.Fold::into)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("loss", "cross_entropy"),
            org.assertj.core.groups.Tuple.tuple("epochs", 50));
  }

  /**
   * Hashes of the seed grid computed by the planner before the configuration moved into the
   * contract's records (main at 9bd5580): stored sweeps keep their identities and training keys.
   */
  @Test
  void hashesOfExistingDefinitionsDidNotChange() {
    Plan plan = GridPlanner.plan(Definitions.grid("seed.yaml"), 100_000);

    assertThat(plan.definitionHash())
        .isEqualTo("48f602c761ed544fa3ec5a4ffdfe007869bea2cf33b201543009ab1072f27b9a");
    assertThat(plan.trials().get(0).identity())
        .isEqualTo("3a0217eccf58350790befc6113bcf6aba16ffdd11e3c9f797a6863878b19f903");
    assertThat(plan.jobs().get(0).trainingKey())
        .isEqualTo("670483d93ff7ead15c941870388403856c0142538e647b9efdb95d4a7035c5c7");
  }

  @Test
  void aCosineScheduleKeepsEpochsInTheTrainingKey() {
    Plan cosine =
        GridPlanner.plan(
            Definitions.yaml(
                "parameters: {epochs: {values: [2, 4]},"
                    + " lr_schedule: {value: {type: cosine, warmup_epochs: 1}}}"),
            CAP);
    Plan step =
        GridPlanner.plan(
            Definitions.yaml(
                "parameters: {epochs: {values: [2, 4]},"
                    + " lr_schedule: {value: {type: step, step_size: 1, gamma: 0.5}}}"),
            CAP);

    // cosine decays to the trial's last epoch: a 2-epoch trial is not a prefix of a 4-epoch one
    assertThat(cosine.trials()).hasSize(2);
    assertThat(cosine.jobs()).hasSize(2);
    assertThat(cosine.jobs())
        .extracting(j -> j.config().epochs(), Plan.Job::plannedEpochs)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2, 2), org.assertj.core.groups.Tuple.tuple(4, 4));
    assertThat(cosine.folded()).extracting(Plan.Fold::parameter).doesNotContain("epochs");
    assertThat(cosine.jobs().get(0).config().lrSchedule().type()).isEqualTo("cosine");
    // the dry run does not claim an epochs fold for cosine trials, even when others fold
    Plan mixed =
        GridPlanner.plan(
            Definitions.yaml(
                "parameters: {epochs: {values: [2, 4]}, loss: {values: [nll, cross_entropy]},"
                    + " lr_schedule: {value: {type: cosine}}}"),
            CAP);
    assertThat(mixed.jobs()).hasSize(2);
    assertThat(mixed.folded()).extracting(Plan.Fold::parameter).containsExactly("loss");
    // a step schedule does not depend on the total: both trials share one job
    assertThat(step.jobs()).hasSize(1);
    assertThat(step.jobs().get(0).config().epochs()).isNull();
    assertThat(step.jobs().get(0).config().lrSchedule().gamma()).isEqualTo(0.5);
  }

  @Test
  void normalizeReachesTheJobAndChangesItsKey() {
    Plan plain = GridPlanner.plan(Definitions.yaml("{}"), CAP);
    Plan normalized =
        GridPlanner.plan(Definitions.yaml("dataset: {normalize: {mean: 0.286, std: 0.353}}"), CAP);

    assertThat(normalized.jobs().get(0).config().dataset().normalize())
        .isEqualTo(new dev.sweep.contract.Normalize(0.286, 0.353));
    assertThat(normalized.jobs().get(0).trainingKey())
        .isNotEqualTo(plain.jobs().get(0).trainingKey());
  }

  @Test
  void weightDecayIsPartOfTheTrainingKey() {
    Plan plan =
        GridPlanner.plan(
            Definitions.yaml("parameters: {weight_decay: {values: [0.0001, 0.001]}}"), CAP);

    assertThat(plan.jobs()).hasSize(2);
    assertThat(plan.jobs())
        .extracting(j -> j.config().weightDecay())
        .containsExactlyInAnyOrder(0.0001, 0.001);
  }

  @Test
  void benchGridFormsFourFusionGroupsOfFourJobsOneSharedFusionKeyEach() {
    Plan plan = GridPlanner.plan(Definitions.grid("bench.yaml"), CAP, 4);

    // batch size x activation: 4 fusion keys, each with its 4 (learning rate x optimizer) jobs
    assertThat(plan.groups()).hasSize(4);
    assertThat(plan.groups())
        .allSatisfy(
            g -> {
              assertThat(g.jobs()).isEqualTo(4);
              assertThat(g.trials()).isEqualTo(24);
              assertThat(g.plannedEpochs()).isEqualTo(6);
              assertThat(g.model()).isEqualTo("mlp");
            });
    Map<Integer, List<Plan.Job>> byGroup =
        plan.jobs().stream().collect(Collectors.groupingBy(Plan.Job::group));
    assertThat(byGroup).hasSize(4);
    byGroup
        .values()
        .forEach(
            jobs ->
                assertThat(
                        jobs.stream()
                            .map(j -> dev.sweep.contract.FusionKey.of(j.config()))
                            .distinct())
                    .as("one fusion key per group")
                    .hasSize(1));
  }

  @Test
  void aKeysJobsSplitIntoNearEqualGroupsUnderTheCap() {
    // seed.yaml: 9 fusion keys (batch size x activation) of 8 jobs each
    Plan capped = GridPlanner.plan(Definitions.grid("seed.yaml"), CAP, 3);
    assertThat(capped.groups()).hasSize(27);
    assertThat(capped.groups()).extracting(Plan.Group::jobs).containsOnly(3, 3, 2);
    assertThat(capped.groups().stream().mapToInt(Plan.Group::trials).sum()).isEqualTo(576);

    Plan mixed =
        GridPlanner.plan(
            Definitions.yaml(
                """
                name: t
                method: grid
                metric: {name: val_accuracy, goal: maximize}
                dataset: {name: fashion-mnist, validation_size: 1000, seed: 1}
                model: {type: mlp, hidden_layers: [32]}
                parameters:
                  learning_rate: {values: [0.1, 0.2, 0.3, 0.4]}
                  momentum: {values: [0.5, 0.9]}
                  optimizer: {value: sgd}
                  epochs: {values: [1, 9]}
                """),
            CAP,
            4);
    // momentum x learning rate: 8 jobs of one key (no prefix sharing across momenta)
    assertThat(mixed.jobs()).hasSize(8);
    assertThat(mixed.groups()).extracting(Plan.Group::jobs).containsExactly(4, 4);

    Plan alone = GridPlanner.plan(Definitions.grid("bench.yaml"), CAP, 1);
    assertThat(alone.groups()).hasSize(16).extracting(Plan.Group::jobs).containsOnly(1);
    assertThat(alone.jobs()).extracting(Plan.Job::group).doesNotHaveDuplicates();
  }

  @Test
  void seedMlpGridHasTheSameShape() {
    Plan plan = GridPlanner.plan(Definitions.grid("seed-mlp.yaml"), CAP);

    assertThat(plan.trials()).hasSize(576);
    assertThat(plan.jobs()).hasSize(72);
    assertThat(plan.epochsNaive()).isEqualTo(15_840);
    assertThat(plan.epochsPlanned()).isEqualTo(3_600);
    assertThat(plan.jobs().get(0).config().model().hiddenLayers()).containsExactly(256, 128);
  }

  @Test
  void benchGridIs96TrialsIn16Jobs() {
    Plan plan = GridPlanner.plan(Definitions.grid("bench.yaml"), CAP);

    assertThat(plan.trials()).hasSize(96);
    assertThat(plan.jobs()).hasSize(16);
    assertThat(plan.epochsNaive()).isEqualTo(384);
    assertThat(plan.epochsPlanned()).isEqualTo(96);
    assertThat(plan.jobs().get(0).config().dataset().trainLimit()).isEqualTo(10_000);
    assertThat(plan.jobs().get(0).config().dataset().validationSize()).isEqualTo(5_000);
  }

  @Test
  void repeatedAndEquivalentlyWrittenValuesNeverDuplicateTrials() {
    Plan plan =
        plan(
            """
            parameters:
              learning_rate: {values: [0.01, 0.010, 0.01, 1e-2]}
              loss: {values: [nll, NLLLoss, CrossEntropyLoss, cross_entropy]}
              batch_size: {values: [64, 64.0]}
            """);

    assertThat(plan.trials()).hasSize(2);
    assertThat(plan.trials())
        .extracting(t -> t.params().get("loss"))
        .containsExactly("nll", "cross_entropy");
    assertThat(plan.jobs()).hasSize(1);
  }

  @Test
  void identityCoversTheFullConfigurationButIgnoresHowNumbersAreWritten() {
    Plan a = plan("parameters: {learning_rate: {value: 0.010}, epochs: {values: [5, 10]}}");
    Plan b = plan("parameters: {learning_rate: {value: 0.01}, epochs: {values: [10, 5]}}");

    Set<String> ids = a.trials().stream().map(Plan.Trial::identity).collect(Collectors.toSet());
    assertThat(ids).hasSize(2);
    assertThat(b.trials())
        .extracting(Plan.Trial::identity)
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(a.jobs()).hasSize(1);
    assertThat(a.jobs().get(0).trainingKey()).isEqualTo(b.jobs().get(0).trainingKey());
  }

  @Test
  void identitiesAndKeysAreHashesOfTheWholeCanonicalConfiguration() {
    for (String yaml :
        List.of(
            Definitions.gridText("seed.yaml"),
            "model: {type: mixer}\nparameters: {blocks: {values: [1, 2]}, loss: {values: [nll]}}")) {
      SweepDefinition definition = Definitions.yaml(yaml);
      TrialConfig configs = new TrialConfig(definition);
      Plan plan = GridPlanner.plan(definition, CAP);
      for (Plan.Job job : plan.jobs()) {
        for (Plan.Trial trial : job.trials()) {
          Map<String, Object> full = configs.full(trial.params());
          assertThat(trial.identity()).isEqualTo(CanonicalJson.sha256(full));
          assertThat(job.trainingKey()).isEqualTo(CanonicalJson.sha256(TrialConfig.folded(full)));
        }
      }
    }
  }

  @Test
  void nllAndCrossEntropyAreDistinctTrialsOfOneJob() {
    Plan plan = plan("parameters: {loss: {values: [nll, cross_entropy]}}");

    assertThat(plan.trials()).hasSize(2);
    assertThat(plan.trials().get(0).identity()).isNotEqualTo(plan.trials().get(1).identity());
    assertThat(plan.jobs()).singleElement().satisfies(j -> assertThat(j.trials()).hasSize(2));
    assertThat(plan.folded())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.parameter()).isEqualTo("loss");
              assertThat(f.values()).containsExactly("nll", "cross_entropy");
              assertThat(f.reason()).contains("bit-identically");
            });
  }

  @Test
  void momentumFoldsAwayForAdamButNotForSgd() {
    Plan plan =
        plan(
            """
            parameters:
              optimizer: {values: [adam, sgd]}
              momentum: {values: [0.5, 0.9]}
            """);

    assertThat(plan.trials()).hasSize(4);
    assertThat(plan.jobs()).hasSize(3);
    Plan.Job adam =
        plan.jobs().stream()
            .filter(j -> j.config().optimizer().equals("adam"))
            .findFirst()
            .orElseThrow();
    assertThat(adam.config().momentum()).isNull();
    assertThat(adam.trials()).hasSize(2);
    assertThat(plan.jobs())
        .filteredOn(j -> j.config().optimizer().equals("sgd"))
        .extracting(j -> j.config().momentum())
        .containsExactly(0.5, 0.9);
    assertThat(plan.folded())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.parameter()).isEqualTo("momentum");
              assertThat(f.into()).isNull();
              assertThat(f.values()).containsExactly(0.5, 0.9);
            });
  }

  @Test
  void trialParamsAreFlatWithDefaultsAndSweptModelFields() {
    Plan plan =
        plan(
            """
            dataset: {seed: 7}
            model: {type: mixer, blocks: 3}
            parameters:
              hidden_dim: {values: [64, 128]}
            """);

    assertThat(plan.trials()).hasSize(2);
    Map<String, Object> params = plan.trials().get(0).params();
    assertThat(params)
        .containsExactly(
            Map.entry("learning_rate", 0.001),
            Map.entry("optimizer", "adam"),
            Map.entry("loss", "cross_entropy"),
            Map.entry("batch_size", 256),
            Map.entry("epochs", 10),
            Map.entry("activation", "relu"),
            Map.entry("seed", 7L),
            Map.entry("hidden_dim", 64));
    assertThat(plan.jobs())
        .extracting(j -> j.config().model().hiddenDim())
        .containsExactly(64, 128);
    assertThat(plan.jobs()).allSatisfy(j -> assertThat(j.config().model().blocks()).isEqualTo(3));
    assertThat(plan.jobs()).allSatisfy(j -> assertThat(j.config().seed()).isEqualTo(7L));
  }

  @Test
  void sweptHiddenLayersAreListValues() {
    Plan plan = plan("parameters: {hidden_layers: {values: [[256, 128], [512], [256, 128]]}}");

    assertThat(plan.jobs())
        .extracting(j -> j.config().model().hiddenLayers())
        .containsExactly(List.of(256, 128), List.of(512));
  }

  @Test
  void aGridOverTheCapIsRejectedBeforeExpansion() {
    SweepDefinition seed = Definitions.grid("seed.yaml");

    assertThatThrownBy(() -> GridPlanner.plan(seed, 575))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.field()).isEqualTo("parameters");
              assertThat(e.getMessage()).contains("576 trials", "575");
            });
  }

  @Test
  void anEmptyDefinitionIsOneTrialOfDefaults() {
    Plan plan = plan("name: defaults");

    assertThat(plan.trials()).singleElement().satisfies(t -> assertThat(t.epochs()).isEqualTo(10));
    assertThat(plan.jobs().get(0).config().model().hiddenLayers()).containsExactly(256, 128);
    assertThat(plan.jobs().get(0).config().dataset().seed()).isEqualTo(42);
    assertThat(plan.folded()).isEmpty();
  }

  @Test
  void definitionHashIgnoresSpellingButNotContent() {
    String a =
        plan("parameters: {learning_rate: {values: [0.010]}, loss: {value: NLLLoss}}")
            .definitionHash();
    String b =
        plan("{\"parameters\": {\"loss\": {\"value\": \"nll\"}, \"learning_rate\": {\"values\": [0.01]}}}")
            .definitionHash();
    String c =
        plan("parameters: {learning_rate: {values: [0.02]}, loss: {value: nll}}").definitionHash();

    assertThat(a).isEqualTo(b).hasSize(64);
    assertThat(c).isNotEqualTo(a);
    assertThat(plan("name: x").definitionHash())
        .isEqualTo(
            plan("name: x\nmethod: grid\nparameters: {epochs: {value: 10}}").definitionHash());
  }

  @Test
  void randomSearchSamplesRunCapDistinctPointsReproducibly() {
    String yaml =
        """
        method: random
        run_cap: 25
        parameters:
          learning_rate: {min: 0.0001, max: 0.1, distribution: log_uniform}
          batch_size: {min: 32, max: 512}
          optimizer: {values: [adam, sgd]}
          epochs: {value: 3}
        """;
    Plan first = plan(yaml);
    Plan again = plan(yaml);

    assertThat(first.trials()).hasSize(25);
    assertThat(first.trials()).extracting(Plan.Trial::identity).doesNotHaveDuplicates();
    assertThat(again.trials())
        .extracting(Plan.Trial::identity)
        .containsExactlyElementsOf(first.trials().stream().map(Plan.Trial::identity).toList());
    assertThat(first.trials())
        .allSatisfy(
            t -> {
              assertThat((Double) t.params().get("learning_rate")).isBetween(0.0001, 0.1);
              assertThat((Integer) t.params().get("batch_size")).isBetween(32, 512);
              assertThat(t.params().get("optimizer")).isIn("adam", "sgd");
            });
    // log-uniform: about half the draws below the geometric midpoint 0.00316
    long low =
        first.trials().stream()
            .filter(t -> (Double) t.params().get("learning_rate") < 0.00316)
            .count();
    assertThat(low).isBetween(5L, 20L);
  }

  @Test
  void randomSearchStopsWhenTheSpaceIsSmallerThanRunCap() {
    Plan plan = plan("method: random\nrun_cap: 50\nparameters: {optimizer: {values: [adam, sgd]}}");

    assertThat(plan.trials()).hasSize(2);
  }

  @Test
  void randomSearchOverTheCapNamesRunCap() {
    SweepDefinition def = Definitions.yaml("method: random\nrun_cap: 500\n");

    assertThatThrownBy(() -> GridPlanner.plan(def, 100))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.field()).isEqualTo("run_cap"));
  }
}
