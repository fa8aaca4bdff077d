package dev.sweep.api.sweep;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.IdxFixture;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.contract.TrainingVersion;
import dev.sweep.contract.idx.IdxPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code dataset: {name: idx, dir, sha256}} at submission, on real files in a temp dir. */
@ApiIntegrationTest
class IdxDatasetApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path tmp;
  Api api;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    api = new Api(rest, json);
  }

  @Test
  void computesTheChecksumsAtSubmissionAndStoresThemInTheConfig() throws Exception {
    Path dir = tmp.resolve("mine");
    Map<String, String> sha256 = IdxFixture.synthetic(dir, 300, 100, 28, 10);

    long id = api.create(definition(dir, "validation_size: 100, train_limit: 150"));

    Api.Answer sweep = api.get("/api/sweeps/" + id);
    assertThat(json.convertValue(sweep.body().at("/definition/dataset/sha256"), Map.class))
        .isEqualTo(sha256);
    assertThat(sweep.body().at("/definition/dataset/dir").asText()).isEqualTo(dir.toString());
    List<String> configs =
        jdbc.queryForList("SELECT config::text FROM job WHERE sweep_id = ?", String.class, id);
    assertThat(configs).hasSize(2);
    for (String c : configs) {
      TrainingConfig config = json.readValue(c, TrainingConfig.class);
      assertThat(config.dataset().name()).isEqualTo("idx");
      assertThat(config.dataset().dir()).isEqualTo(dir.toString());
      assertThat(config.dataset().sha256()).isEqualTo(sha256);
    }
  }

  @Test
  void theExampleGridReadsTheRealFashionMnistAsAnIdxDatasetWithItsPublishedChecksums() {
    long id = api.create(Definitions.gridText("idx-example.yaml"));

    JsonNode sha256 = api.get("/api/sweeps/" + id).body().at("/definition/dataset/sha256");
    String joined =
        IdxPart.baseNames().stream().map(n -> sha256.get(n).asText()).collect(joining("\n"));
    assertThat(TrainingVersion.sha256(joined)).isEqualTo(TrainingVersion.FASHION_MNIST_SHA256);
  }

  @Test
  void differentContentNeverSharesATrainingKeyOrACacheKey() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    IdxFixture.synthetic(a, 300, 100, 28, 10);
    IdxFixture.synthetic(b, 310, 100, 28, 10);

    long first = api.create(definition(a, "validation_size: 100"));
    long again = api.create(definition(a, "validation_size: 100"));
    long other = api.create(definition(b, "validation_size: 100"));

    assertThat(keys(again)).isEqualTo(keys(first));
    assertThat(keys(other)).doesNotContainAnyElementsOf(keys(first));
    // the same directory rewritten with other content is another dataset too
    IdxFixture.synthetic(a, 320, 100, 28, 10);
    long rewritten = api.create(definition(a, "validation_size: 100"));
    assertThat(keys(rewritten)).doesNotContainAnyElementsOf(keys(first));
  }

  @Test
  void aMissingDirectoryIsA400NamingDatasetDir() {
    Path missing = tmp.resolve("nowhere");

    Api.Answer answer = api.postYaml("/api/sweeps", definition(missing, "validation_size: 100"));

    assertRejected(answer, "dataset.dir", "is not a directory the API can read");
  }

  @Test
  void imagesThatAreNot28x28AreA400() throws IOException {
    Path dir = tmp.resolve("small");
    IdxFixture.synthetic(dir, 300, 100, 27, 10);

    Api.Answer answer = api.postYaml("/api/sweeps", definition(dir, "validation_size: 100"));

    assertRejected(answer, "dataset.dir", "images are 27x27; an idx dataset needs 28x28");
  }

  @Test
  void nineClassesAreA400() throws IOException {
    Path dir = tmp.resolve("nine");
    IdxFixture.synthetic(dir, 300, 100, 28, 9);

    Api.Answer answer = api.postYaml("/api/sweeps", definition(dir, "validation_size: 100"));

    assertRejected(answer, "dataset.dir", "labels [9] never occur");
  }

  @Test
  void aMissingFileIsA400NamingIt() throws IOException {
    Path dir = tmp.resolve("three");
    IdxFixture.synthetic(dir, 300, 100, 28, 10);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));

    Api.Answer answer = api.postYaml("/api/sweeps", definition(dir, "validation_size: 100"));

    assertRejected(answer, "dataset.dir", "has no t10k-labels-idx1-ubyte");
  }

  @Test
  void aValidationSizeAsLargeAsTheTrainingSetIsA400() throws IOException {
    Path dir = tmp.resolve("few");
    IdxFixture.synthetic(dir, 300, 100, 28, 10);

    assertRejected(
        api.postYaml("/api/sweeps", definition(dir, "validation_size: 300")),
        "dataset.validation_size",
        "must be less than the 300 training images");
    assertRejected(
        api.postYaml("/api/sweeps", definition(dir, "validation_size: 100, train_limit: 201")),
        "dataset.train_limit",
        "must be between 1 and 200");
  }

  @Test
  void checksumsForADirectoryTheApiCannotReadAreAccepted() throws Exception {
    Path elsewhere = tmp.resolve("only-on-the-workers");
    Map<String, String> sha256 = IdxFixture.synthetic(tmp.resolve("copy"), 300, 100, 28, 10);

    long id =
        api.create(
            definition(elsewhere, "validation_size: 100, sha256: " + IdxFixture.yaml(sha256)));

    String config =
        jdbc.queryForObject(
            "SELECT config::text FROM job WHERE sweep_id = ? LIMIT 1", String.class, id);
    assertThat(json.readValue(config, TrainingConfig.class).dataset().sha256()).isEqualTo(sha256);
  }

  @Test
  void checksumsThatDisagreeWithTheFilesTheApiReadsAreA400NamingTheFile() throws IOException {
    Path dir = tmp.resolve("mine");
    Map<String, String> sha256 =
        new java.util.TreeMap<>(IdxFixture.synthetic(dir, 300, 100, 28, 10));
    sha256.put("t10k-images-idx3-ubyte", "ab".repeat(32));

    Api.Answer answer =
        api.postYaml(
            "/api/sweeps",
            definition(dir, "validation_size: 100, sha256: " + IdxFixture.yaml(sha256)));

    assertRejected(
        answer, "dataset.sha256.t10k-images-idx3-ubyte", "is " + "ab".repeat(32) + ", but");
  }

  @Test
  void incompleteOrMisplacedDatasetFieldsAreA400() {
    Path elsewhere = tmp.resolve("only-on-the-workers");
    assertRejected(
        api.postYaml(
            "/api/sweeps",
            definition(elsewhere, "sha256: {train-images-idx3-ubyte: " + "a".repeat(64) + "}")),
        "dataset.sha256.t10k-images-idx3-ubyte",
        "is required");
    assertRejected(
        api.postYaml("/api/sweeps", "dataset: {name: idx}\n" + PARAMETERS),
        "dataset.dir",
        "is required for dataset idx");
    assertRejected(
        api.postYaml("/api/sweeps", "dataset: {name: idx, dir: relative/path}\n" + PARAMETERS),
        "dataset.dir",
        "must be an absolute path");
    assertRejected(
        api.postYaml("/api/sweeps", "dataset: {dir: /tmp}\n" + PARAMETERS),
        "dataset.dir",
        "belongs to dataset name idx only");
  }

  private static final String PARAMETERS =
      "parameters:\n  learning_rate: {values: [0.01, 0.001]}\n  epochs: {value: 1}\n";

  private static String definition(Path dir, String more) {
    return "name: idx\ndataset: {name: idx, dir: '" + dir + "', " + more + "}\n" + PARAMETERS;
  }

  private List<String> keys(long sweepId) {
    return jdbc.queryForList(
        "SELECT training_key || ' ' || cache_key FROM job WHERE sweep_id = ? ORDER BY id",
        String.class,
        sweepId);
  }

  private void assertRejected(Api.Answer answer, String field, String words) {
    assertThat(answer.code()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
    assertThat(answer.body().path("field").asText()).isEqualTo(field);
    assertThat(answer.body().path("detail").asText()).contains(words);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isZero();
  }
}
