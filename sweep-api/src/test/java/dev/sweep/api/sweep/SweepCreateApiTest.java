package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.contract.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

@ApiIntegrationTest
class SweepCreateApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  Api api;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    api = new Api(rest, json);
  }

  @Test
  void createsTheSeedGridAsOneSweepWith72JobsAnd576Trials() throws Exception {
    String source = Definitions.gridText("seed.yaml");

    Api.Answer created = api.postYaml("/api/sweeps", source);

    assertThat(created.code()).isEqualTo(201);
    JsonNode sweep = created.body();
    long id = sweep.get("id").asLong();
    assertThat(created.headers().getLocation()).hasToString("/api/sweeps/" + id);
    assertThat(sweep.get("name").asText()).isEqualTo("seed-grid");
    assertThat(sweep.get("status").asText()).isEqualTo("QUEUED");
    assertThat(sweep.get("method").asText()).isEqualTo("grid");
    assertThat(sweep.get("metric").get("name").asText()).isEqualTo("val_accuracy");
    assertThat(sweep.get("metric").get("goal").asText()).isEqualTo("maximize");
    assertThat(sweep.get("trials").asInt()).isEqualTo(576);
    assertThat(sweep.get("jobs").asInt()).isEqualTo(72);
    assertThat(sweep.get("epochsNaive").asLong()).isEqualTo(15_840);
    assertThat(sweep.get("epochsPlanned").asLong()).isEqualTo(3_600);
    assertThat(json.convertValue(sweep.get("counts"), Map.class))
        .containsExactly(
            Map.entry("QUEUED", 576),
            Map.entry("RUNNING", 0),
            Map.entry("SUCCEEDED", 0),
            Map.entry("FAILED", 0),
            Map.entry("CANCELLED", 0),
            Map.entry("PRUNED", 0));
    assertThat(sweep.get("progress").get("epochsDone").asLong()).isZero();
    assertThat(sweep.get("progress").get("epochsPlanned").asLong()).isEqualTo(3_600);
    assertThat(sweep.get("definitionHash").asText()).matches("[0-9a-f]{64}");
    assertThat(sweep.get("definition").at("/model/patch_size").asInt()).isEqualTo(7);
    assertThat(sweep.get("definition").at("/parameters/seed/value").asLong()).isEqualTo(42);
    assertThat(sweep.get("createdAt").asText()).isNotBlank();
    assertThat(sweep.has("startedAt")).isTrue();
    assertThat(sweep.get("startedAt").isNull()).isTrue();

    assertThat(jdbc.queryForObject("SELECT source FROM sweep WHERE id = ?", String.class, id))
        .isEqualTo(source);
    assertThat(
            jdbc.queryForList(
                "SELECT DISTINCT status || ' ' || attempt || ' ' || max_attempts || ' '"
                    + " || planned_epochs || ' ' || current_epoch FROM job WHERE sweep_id = ?",
                String.class,
                id))
        .containsExactly("QUEUED 1 3 50 0");
    List<String> configs =
        jdbc.queryForList("SELECT config::text FROM job WHERE sweep_id = ?", String.class, id);
    assertThat(configs).hasSize(72);
    TrainingConfig config = json.readValue(configs.get(0), TrainingConfig.class);
    assertThat(config.loss()).isEqualTo("cross_entropy");
    assertThat(config.model().type()).isEqualTo("mixer");
    assertThat(config.model().tokenMlpDim()).isEqualTo(64);
    assertThat(config.dataset().validationSize()).isEqualTo(10_000);
    assertThat(config.seed()).isEqualTo(42);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(DISTINCT job_id) FROM trial WHERE sweep_id = ? AND status = 'QUEUED'",
                Integer.class,
                id))
        .isEqualTo(72);
    Map<String, Object> params =
        json.readValue(
            jdbc.queryForObject(
                "SELECT params::text FROM trial WHERE sweep_id = ? ORDER BY id LIMIT 1",
                String.class,
                id),
            Map.class);
    assertThat(params)
        .containsOnlyKeys(
            "learning_rate", "optimizer", "loss", "batch_size", "epochs", "activation", "seed");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM sweep_event WHERE sweep_id = ? AND type = 'sweep'",
                Integer.class,
                id))
        .isEqualTo(1);
  }

  @Test
  void dryRunPlansWithoutStoringAndMatchesTheStoredHash() {
    String source = Definitions.gridText("bench.yaml");

    Api.Answer dry = api.postYaml("/api/sweeps?dryRun=true", source);

    assertThat(dry.code()).isEqualTo(200);
    assertThat(dry.body().get("trials").asInt()).isEqualTo(96);
    assertThat(dry.body().get("jobs").asInt()).isEqualTo(16);
    assertThat(dry.body().get("epochsNaive").asInt()).isEqualTo(384);
    assertThat(dry.body().get("epochsPlanned").asInt()).isEqualTo(96);
    JsonNode loss = dry.body().get("folded").get(0);
    assertThat(loss.get("parameter").asText()).isEqualTo("loss");
    assertThat(loss.get("values").toString()).isEqualTo("[\"nll\",\"cross_entropy\"]");
    assertThat(loss.get("into").asText()).isEqualTo("cross_entropy");
    assertThat(loss.get("reason").asText()).contains("softmax");
    assertThat(dry.body().get("folded").get(1).get("parameter").asText()).isEqualTo("epochs");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Integer.class)).isZero();

    long id = api.create(source);
    assertThat(api.get("/api/sweeps/" + id).body().get("definitionHash").asText())
        .isEqualTo(dry.body().get("definitionHash").asText());
  }

  @Test
  void acceptsJsonAndEveryYamlMediaType() {
    String jsonBody = "{\"name\": \"j\", \"parameters\": {\"epochs\": {\"values\": [1, 2]}}}";
    assertThat(api.post("/api/sweeps", jsonBody, MediaType.APPLICATION_JSON).code()).isEqualTo(201);
    for (String type :
        List.of("application/x-yaml", "text/yaml", "application/yaml;charset=UTF-8")) {
      Api.Answer answer = api.post("/api/sweeps", "name: y", MediaType.parseMediaType(type));
      assertThat(answer.code()).as(type).isEqualTo(201);
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Integer.class)).isEqualTo(4);
  }

  @Test
  void unsupportedMediaTypeIs415Problem() {
    Api.Answer answer = api.post("/api/sweeps", "name: x", MediaType.TEXT_PLAIN);

    assertThat(answer.code()).isEqualTo(415);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
  }

  @Test
  void yamlThatDoesNotParseIs400WithItsLine() {
    Api.Answer answer =
        api.postYaml("/api/sweeps", "name: x\nparameters:\n  epochs: {values: [1\n");

    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
    assertThat(answer.body().get("detail").asText()).contains("YAML", "line 4, column");
  }

  @Test
  void aGridOverTheTrialCapIsRejectedAndNothingIsWritten() {
    String huge =
        "parameters:\n"
            + "  learning_rate: {values: ["
            + String.join(", ", java.util.Collections.nCopies(1, "0.1"))
            + "]}\n"
            + "  batch_size: {values: ["
            + numbers(1, 400)
            + "]}\n"
            + "  epochs: {values: ["
            + numbers(1, 300)
            + "]}\n";

    Api.Answer answer = api.postYaml("/api/sweeps", huge);

    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.body().get("field").asText()).isEqualTo("parameters");
    assertThat(answer.body().get("detail").asText()).contains("120000 trials", "100000");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Integer.class)).isZero();
  }

  @Test
  void aFailureWhileInsertingTrialsLeavesNothingBehind() {
    // a trigger that rejects one trial, so the failure comes after the sweep and its jobs went in
    jdbc.execute(
        "CREATE FUNCTION reject_seed_13() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.params->>'seed' = '13' THEN RAISE EXCEPTION 'seed 13 rejected'; END IF;"
            + " RETURN NEW; END $$");
    jdbc.execute(
        "CREATE TRIGGER reject_seed_13 BEFORE INSERT ON trial FOR EACH ROW"
            + " EXECUTE FUNCTION reject_seed_13()");
    try {
      Api.Answer answer = api.postYaml("/api/sweeps", "parameters: {seed: {values: [1, 2, 13]}}");

      assertThat(answer.code()).isEqualTo(500);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Integer.class)).isZero();
      assertThat(jdbc.queryForObject("SELECT count(*) FROM job", Integer.class)).isZero();
      assertThat(jdbc.queryForObject("SELECT count(*) FROM trial", Integer.class)).isZero();
      assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep_event", Integer.class)).isZero();
    } finally {
      jdbc.execute("DROP TRIGGER reject_seed_13 ON trial");
      jdbc.execute("DROP FUNCTION reject_seed_13()");
    }
    assertThat(api.postYaml("/api/sweeps", "parameters: {seed: {values: [1, 2, 13]}}").code())
        .isEqualTo(201);
  }

  @Test
  void listsNewestFirstAndFiltersByHashAndStatus() {
    long a = api.create("name: a");
    long b = api.create("name: b");
    long a2 = api.create("name: a");
    String hashA = api.get("/api/sweeps/" + a).body().get("definitionHash").asText();
    jdbc.update("UPDATE sweep SET status = 'CANCELLED' WHERE id = ?", b);

    assertThat(ids(api.get("/api/sweeps"))).containsExactly(a2, b, a);
    assertThat(ids(api.get("/api/sweeps?definitionHash=" + hashA))).containsExactly(a2, a);
    assertThat(ids(api.get("/api/sweeps?status=CANCELLED"))).containsExactly(b);
    assertThat(ids(api.get("/api/sweeps?status=queued&limit=1"))).containsExactly(a2);
    assertThat(ids(api.get("/api/sweeps?definitionHash=0000"))).isEmpty();
    Api.Answer bad = api.get("/api/sweeps?status=DONE");
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.body().get("field").asText()).isEqualTo("status");
  }

  @Test
  void unknownSweepIs404Problem() {
    Api.Answer answer = api.get("/api/sweeps/987654");

    assertThat(answer.code()).isEqualTo(404);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
    assertThat(answer.body().get("detail").asText()).contains("987654");
  }

  private static List<Long> ids(Api.Answer answer) {
    assertThat(answer.code()).isEqualTo(200);
    return java.util.stream.StreamSupport.stream(answer.body().spliterator(), false)
        .map(n -> n.get("id").asLong())
        .toList();
  }

  private static String numbers(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i <= to; i++) {
      out.append(i == from ? "" : ", ").append(i);
    }
    return out.toString();
  }
}
