package dev.sweep.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetRulesTest {
  private static final String HEX = "0123456789abcdef".repeat(4);
  private final ConfigValidator validator = ConfigValidator.shared();

  @Test
  void anIdxDatasetNamesItsDirectoryAndTheChecksumsOfItsFourFiles() {
    assertThat(validator.validateDataset(idx("/data/mnist", all(HEX)))).isEmpty();
    assertThat(validator.validateDataset(idx(null, all(HEX))))
        .extracting(p -> p.detail(""))
        .containsExactly(
            "dataset.dir is required for dataset idx: the directory of its four files");
    assertThat(validator.validateDataset(idx("data/mnist", all(HEX))))
        .extracting(ConfigValidator.Problem::path)
        .containsExactly("dataset.dir");
    assertThat(validator.validateDataset(idx("/data/mnist", null)))
        .extracting(ConfigValidator.Problem::path)
        .containsExactly("dataset.sha256");
  }

  @Test
  void eachChecksumIsNamedByItsFile() {
    Map<String, String> sha256 = all(HEX);
    sha256.remove("t10k-labels-idx1-ubyte");
    sha256.put("t10k-images-idx3-ubyte", "XYZ");
    sha256.put("extra", HEX);

    assertThat(validator.validateDataset(idx("/data/mnist", sha256)))
        .extracting(p -> p.detail(""))
        .containsExactly(
            "dataset.sha256.extra is not one of the four files; use train-images-idx3-ubyte,"
                + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte",
            "dataset.sha256.t10k-images-idx3-ubyte must be 64 lower-case hex digits (got XYZ)",
            "dataset.sha256.t10k-labels-idx1-ubyte is required");
  }

  @Test
  void fashionMnistTakesNeitherDirNorChecksums() {
    DatasetSpec spec = new DatasetSpec("fashion-mnist", 10_000, null, 42, null, "/x", all(HEX));

    assertThat(validator.validateDataset(spec))
        .extracting(ConfigValidator.Problem::path)
        .containsExactly("dataset.dir", "dataset.sha256");
    assertThat(validator.validateDataset(DatasetSpec.DEFAULT)).isEmpty();
  }

  @Test
  void fashionMnistKeepsItsJsonSoExistingTrainingKeysStay() throws Exception {
    ObjectMapper json = new ObjectMapper();

    assertThat(json.writeValueAsString(DatasetSpec.DEFAULT))
        .isEqualTo("{\"name\":\"fashion-mnist\",\"validation_size\":10000,\"seed\":42}");
    DatasetSpec idx = idx("/data/mnist", all(HEX));
    assertThat(json.readValue(json.writeValueAsString(idx), DatasetSpec.class)).isEqualTo(idx);
  }

  @Test
  void aTrainingConfigOnAnIdxDatasetIsCheckedByTheSameRules() {
    TrainingConfig c = TrainingConfig.DEFAULTS;
    TrainingConfig onIdx =
        new TrainingConfig(
            idx("/data/mnist", null),
            c.model(),
            c.learningRate(),
            c.optimizer(),
            c.momentum(),
            c.loss(),
            c.batchSize(),
            c.epochs(),
            c.activation(),
            c.seed(),
            c.dropout());

    assertThat(validator.validate(onIdx))
        .extracting(ConfigValidator.Problem::path)
        .containsExactly("dataset.sha256");
  }

  private static DatasetSpec idx(String dir, Map<String, String> sha256) {
    return new DatasetSpec("idx", 10_000, null, 42, null, dir, sha256);
  }

  private static Map<String, String> all(String hex) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name :
        new String[] {
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte"
        }) {
      out.put(name, hex);
    }
    return out;
  }
}
