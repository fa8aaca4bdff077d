package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each runaway definition of issue 9 is a 400 naming its field, and nothing is stored. */
@ApiIntegrationTest
class RunawayDefinitionApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  Api api;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    api = new Api(rest, json);
  }

  private void refused(String yaml, String field, String detail) {
    Api.Answer answer = api.postYaml("/api/sweeps", yaml);
    assertThat(answer.status().value()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
    assertThat(answer.body().path("field").asText()).isEqualTo(field);
    assertThat(answer.body().path("detail").asText()).contains(detail);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isZero();
  }

  @Test
  void twoBillionEpochsAreRefused() {
    refused(
        "parameters: {epochs: {values: [5, 2000000000]}}\n",
        "parameters.epochs.values[1]",
        "at most 1000 are allowed (sweep.limits.epochs)");
  }

  @Test
  void sixHiddenLayersOf16384AreRefusedByTheirParameterCount() {
    refused(
        "model: {type: mlp, hidden_layers: [16384, 16384, 16384, 16384, 16384, 16384]}\n",
        "model.hidden_layers",
        "sweep.limits.model-parameters");
  }

  @Test
  void aSweptOversizedModelIsNamedByItsValue() {
    refused(
        "parameters:\n  hidden_layers: {values: [[256, 128], [16384, 16384, 16384]]}\n",
        "parameters.hidden_layers.values[1]",
        "parameters, over the 20000000");
  }

  @Test
  void anOversizedMixerIsRefusedToo() {
    refused(
        "model: {type: mixer}\nparameters:\n  hidden_dim: {values: [128, 8192]}\n",
        "parameters.hidden_dim.values[1]",
        "too large");
  }

  @Test
  void aRandomSeedOverTheWholeLongRangeIs400Not500() {
    refused(
        "method: random\nrun_cap: 4\nparameters:\n  seed: {min: -9223372036854775808, max:"
            + " 9223372036854775807}\n",
        "parameters.seed.max",
        "narrow min and max");
  }

  @Test
  void theSeedGridStaysWithinEveryLimit() throws Exception {
    Api.Answer answer = api.postYaml("/api/sweeps?dryRun=true", Definitions.gridText("seed.yaml"));
    assertThat(answer.status().value()).isEqualTo(200);
  }
}
