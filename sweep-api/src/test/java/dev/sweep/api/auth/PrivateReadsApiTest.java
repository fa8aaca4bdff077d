package dev.sweep.api.auth;

import static dev.sweep.api.auth.TokenApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestTokens;
import dev.sweep.api.sweep.Definitions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code sweep.auth.public-read=false}: reads need a user token too, probes and the dashboard's
 * static pages stay open, and the dashboard signs in by trading the token for a cookie that works
 * for reads only.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "sweep.auth.public-read=false")
class PrivateReadsApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;
  Caller user;
  Caller anonymous;
  long sweepId;

  @BeforeEach
  void setUp() {
    TestDatabase.reset(jdbc);
    user = new Caller(port, json, TestTokens.USER);
    anonymous = user.anonymous();
    sweepId =
        user.postYaml("/api/sweeps", Definitions.gridText("quick.yaml")).body().get("id").asLong();
  }

  @Test
  void readsNeedAUserToken() {
    for (String path :
        new String[] {
          "/api/sweeps",
          "/api/sweeps/" + sweepId,
          "/api/sweeps/" + sweepId + "/events",
          "/api/sweeps/" + sweepId + "/report",
          "/api/workers",
          "/api/openapi",
          "/actuator/metrics"
        }) {
      assertProblem(anonymous.get(path), 401);
      assertProblem(user.as(TestTokens.WORKER).get(path), 403);
    }
    assertThat(user.get("/api/sweeps").status()).isEqualTo(200);
    assertThat(user.get("/actuator/metrics").status()).isEqualTo(200);
  }

  @Test
  void probesAndTheDashboardPagesStayOpen() {
    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health").raw().body()).contains("\"UP\"");
    for (String page :
        new String[] {"/", "/sweeps/" + sweepId, "/login.html", "/assets/login.js"}) {
      assertThat(anonymous.get(page).status()).as(page).isEqualTo(200);
    }
  }

  @Test
  void signingInSetsACookieThatReadsButNeverWrites() {
    Caller.Answer signIn = user.postJson("/api/session", null);

    assertThat(signIn.status()).isEqualTo(204);
    String cookie = signIn.header("Set-Cookie");
    assertThat(cookie)
        .startsWith("sweep_token=" + TestTokens.USER + ";")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/")
        .doesNotContain("Max-Age");
    Map<String, String> withCookie = Map.of("Cookie", "sweep_token=" + TestTokens.USER);

    assertThat(anonymous.send("GET", "/api/sweeps", null, null, withCookie).status())
        .isEqualTo(200);
    assertThat(anonymous.send("HEAD", "/api/sweeps/" + sweepId, null, null, withCookie).status())
        .isEqualTo(200);
    DatabaseSnapshot before = DatabaseSnapshot.of(jdbc);
    assertProblem(
        anonymous.send("POST", "/api/sweeps/" + sweepId + "/cancel", null, null, withCookie), 401);
    assertProblem(
        anonymous.send(
            "POST",
            "/api/sweeps",
            "application/yaml",
            Definitions.gridText("bench.yaml"),
            withCookie),
        401);
    assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
  }

  @Test
  void onlyAUserTokenSignsIn() {
    assertProblem(user.as(TestTokens.WORKER).postJson("/api/session", null), 403);
    assertProblem(anonymous.postJson("/api/session", null), 401);
    assertProblem(user.as("wrong").postJson("/api/session", null), 401);
    Map<String, String> workerCookie = Map.of("Cookie", "sweep_token=" + TestTokens.WORKER);
    assertProblem(anonymous.send("GET", "/api/sweeps", null, null, workerCookie), 403);
  }
}
