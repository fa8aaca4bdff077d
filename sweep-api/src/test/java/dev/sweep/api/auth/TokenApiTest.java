package dev.sweep.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestTokens;
import dev.sweep.api.sweep.Definitions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who may write: anonymous callers and worker tokens cannot create or cancel sweeps or manage
 * tokens; a user token issues tokens whose secret is shown once and stored only as its SHA-256,
 * lists them without secrets, and revokes them.
 */
@ApiIntegrationTest
class TokenApiTest {
  static final String CLAIM = "{\"workerId\":\"w1\",\"waitMillis\":0}";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;
  Caller user;
  Caller worker;
  Caller anonymous;
  long sweepId;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    user = new Caller(port, json, TestTokens.USER);
    worker = user.as(TestTokens.WORKER);
    anonymous = user.anonymous();
    Caller.Answer created = user.postYaml("/api/sweeps", Definitions.gridText("quick.yaml"));
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    sweepId = created.body().get("id").asLong();
  }

  @Test
  void anonymousCallersCannotCreateCancelOrManageTokens() {
    DatabaseSnapshot before = DatabaseSnapshot.of(jdbc);

    assertProblem(anonymous.postYaml("/api/sweeps", Definitions.gridText("quick.yaml")), 401);
    assertProblem(anonymous.postJson("/api/sweeps/" + sweepId + "/cancel", null), 401);
    assertProblem(anonymous.postJson("/api/tokens", "{\"role\":\"user\"}"), 401);
    assertProblem(anonymous.get("/api/tokens"), 401);
    assertProblem(anonymous.delete("/api/tokens/1"), 401);

    assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
    assertThat(anonymous.postYaml("/api/sweeps", "x: 1").body().get("detail").asText())
        .contains("user token")
        .contains("SWEEP_TOKEN");
  }

  @Test
  void aWorkerTokenCannotCreateCancelOrManageTokens() {
    DatabaseSnapshot before = DatabaseSnapshot.of(jdbc);
    long tokens = jdbc.queryForObject("SELECT count(*) FROM api_token", Long.class);

    assertProblem(worker.postYaml("/api/sweeps", Definitions.gridText("quick.yaml")), 403);
    assertProblem(worker.postJson("/api/sweeps/" + sweepId + "/cancel", null), 403);
    assertProblem(worker.postJson("/api/tokens", "{\"role\":\"worker\"}"), 403);
    assertProblem(worker.get("/api/tokens"), 403);

    assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM api_token", Long.class)).isEqualTo(tokens);
    assertThat(
            worker
                .postJson("/api/sweeps/" + sweepId + "/cancel", null)
                .body()
                .get("detail")
                .asText())
        .contains("worker token serves only the worker protocol");
  }

  @Test
  void aUserTokenCannotSpeakTheWorkerProtocol() {
    Caller.Answer a = user.postJson("/api/worker/claim", CLAIM);

    assertProblem(a, 403);
    assertThat(a.body().get("detail").asText()).contains("SWEEP_API_TOKEN");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM job WHERE status = 'RUNNING'", Long.class))
        .isZero();
  }

  @Test
  void anIssuedWorkerTokenIsShownOnceStoredHashedClaimsAndStopsWhenRevoked() {
    Caller.Answer created =
        user.postJson("/api/tokens", "{\"role\":\"worker\",\"name\":\"gpu box 1\"}");

    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    JsonNode body = created.body();
    String secret = body.get("token").asText();
    long id = body.get("id").asLong();
    assertThat(secret).startsWith("sweep_worker_").hasSize("sweep_worker_".length() + 43);
    assertThat(created.header("Location")).isEqualTo("/api/tokens/" + id);
    assertThat(body.get("role").asText()).isEqualTo("worker");
    assertThat(body.get("hint").asText()).isEqualTo(secret.substring(0, 17) + "…");
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM api_token WHERE id = ?", id);
    assertThat(HexFormat.of().formatHex((byte[]) row.get("token_sha256")))
        .isEqualTo(HexFormat.of().formatHex(TokenSecrets.sha256(secret)));
    assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secret));
    assertThat(row.get("created_by")).isEqualTo(bootstrapUserId());

    Caller gpu = user.as(secret);
    assertThat(gpu.postJson("/api/worker/claim", CLAIM).status()).isEqualTo(200);
    assertThat(gpu.postYaml("/api/sweeps", Definitions.gridText("quick.yaml")).status())
        .isEqualTo(403);

    Caller.Answer listed = user.get("/api/tokens");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.raw().body()).doesNotContain(secret).doesNotContain(TestTokens.USER);
    JsonNode mine = find(listed.body(), id);
    assertThat(mine.get("name").asText()).isEqualTo("gpu box 1");
    assertThat(mine.get("source").asText()).isEqualTo("api");
    assertThat(mine.get("lastUsedAt").asText()).isNotBlank();
    assertThat(mine.has("revokedAt")).isFalse();

    assertThat(user.delete("/api/tokens/" + id).status()).isEqualTo(204);
    assertThat(user.delete("/api/tokens/" + id).status()).as("again: no-op").isEqualTo(204);

    Caller.Answer refused = gpu.postJson("/api/worker/claim", CLAIM);
    assertProblem(refused, 401);
    assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
    assertThat(refused.body().get("detail").asText()).contains("unknown or was revoked");
    assertThat(find(user.get("/api/tokens").body(), id).get("revokedAt").asText()).isNotBlank();
  }

  @Test
  void anIssuedUserTokenCreatesSweeps() {
    String secret =
        user.postJson("/api/tokens", "{\"role\":\"user\"}").body().get("token").asText();

    Caller.Answer created =
        user.as(secret).postYaml("/api/sweeps", Definitions.gridText("bench.yaml"));

    assertThat(secret).startsWith("sweep_user_");
    assertThat(created.status()).isEqualTo(201);
  }

  @Test
  void readsArePublicByDefault() {
    assertThat(anonymous.get("/api/sweeps").status()).isEqualTo(200);
    assertThat(anonymous.get("/api/sweeps/" + sweepId + "/report").status()).isEqualTo(200);
    assertThat(anonymous.get("/api/workers").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
  }

  @Test
  void badTokenRequestsNameTheField() {
    assertProblem(user.postJson("/api/tokens", "{}"), 400, "role");
    assertProblem(user.postJson("/api/tokens", "{\"role\":\"admin\"}"), 400, "role");
    assertProblem(
        user.postJson("/api/tokens", "{\"role\":\"user\",\"name\":\"" + "n".repeat(201) + "\"}"),
        400,
        "name");
    assertProblem(user.delete("/api/tokens/999999"), 404);
  }

  @Test
  void theWorkerListCountsRefusedWorkerCallsAndShowsLiveWorkers() {
    long before = user.get("/api/workers").body().at("/refused/count").asLong();

    assertProblem(anonymous.postJson("/api/worker/register", "{\"workerId\":\"w1\"}"), 401);
    assertProblem(user.postJson("/api/worker/claim", CLAIM), 403);
    assertThat(
            worker
                .postJson(
                    "/api/worker/register",
                    "{\"workerId\":\"w2\",\"hostname\":\"h\",\"slots\":2,\"backend\":\"cpu\"}")
                .status())
        .isEqualTo(200);

    JsonNode list = anonymous.get("/api/workers").body();
    assertThat(list.at("/refused/count").asLong()).isEqualTo(before + 2);
    assertThat(list.at("/refused/lastStatus").asInt()).isEqualTo(403);
    assertThat(list.at("/refused/lastReason").asText()).contains("worker token");
    assertThat(list.at("/refused/lastAt").asText()).isNotBlank();
    assertThat(list.get("workers")).hasSize(1);
    assertThat(list.at("/workers/0/id").asText()).isEqualTo("w2");
    assertThat(list.at("/workers/0/alive").asBoolean()).isTrue();
    assertThat(list.at("/workers/0/runningJobs").asInt()).isZero();
  }

  @Test
  void onlyStoredTokensAreKnownAndSecretsAreNeverStored() {
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM api_token");

    assertThat(rows).isNotEmpty();
    for (Map<String, Object> row : rows) {
      assertThat(row.values())
          .noneMatch(
              v ->
                  v != null
                      && (v.toString().contains(TestTokens.USER)
                          || v.toString().contains(TestTokens.WORKER)));
    }
  }

  private long bootstrapUserId() {
    return jdbc.queryForObject(
        "SELECT id FROM api_token WHERE token_sha256 = ?",
        Long.class,
        (Object) TokenSecrets.sha256(TestTokens.USER));
  }

  private static JsonNode find(JsonNode list, long id) {
    for (JsonNode t : list) {
      if (t.get("id").asLong() == id) {
        assertThat(t.has("token")).as("a list never carries a secret").isFalse();
        return t;
      }
    }
    throw new AssertionError("token " + id + " not listed: " + list);
  }

  static void assertProblem(Caller.Answer a, int status) {
    assertProblem(a, status, null);
  }

  static void assertProblem(Caller.Answer a, int status, String field) {
    assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    assertThat(a.body().get("status").asInt()).isEqualTo(status);
    assertThat(a.body().get("detail").asText()).isNotBlank();
    if (field != null) {
      assertThat(a.body().get("field").asText()).isEqualTo(field);
    }
  }
}
