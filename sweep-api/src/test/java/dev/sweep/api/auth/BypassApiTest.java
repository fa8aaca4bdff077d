package dev.sweep.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.job.JobFixtures;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.RawHttp;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every spelling of a worker endpoint that got past the old hand-written filter, and the ones
 * Spring Security's StrictHttpFirewall knows of, sent byte for byte over a socket: each is refused
 * (401, or 400 from the firewall or from Tomcat) and PostgreSQL shows that no job, trial, worker,
 * epoch or checkpoint row changed. A last test claims the same job through the real path with the
 * worker token, so the job was claimable all along.
 */
@ApiIntegrationTest
class BypassApiTest {
  static final String CLAIM_BODY = "{\"workerId\":\"intruder\",\"waitMillis\":0}";

  /**
   * Who answers: the auth layer, Spring Security's firewall, or Tomcat before either (all as
   * problem+json).
   */
  enum By {
    AUTH,
    FIREWALL,
    TOMCAT
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;
  JobFixtures.JobRow job;

  @BeforeEach
  void queueOneJob() {
    TestDatabase.reset(jdbc);
    JobFixtures fixtures = new JobFixtures(jdbc);
    job = fixtures.job(fixtures.sweep(), 2, 3);
  }

  static Stream<Arguments> claimPaths() {
    return Stream.of(
        // the three forms that claimed jobs without a token before
        Arguments.of("/api/worker;x/claim", 400, By.FIREWALL),
        Arguments.of("/api;/worker/claim", 400, By.FIREWALL),
        Arguments.of("/api/%77orker/claim", 401, By.AUTH),
        // the plain path, and spellings that are the same endpoint once decoded
        Arguments.of("/api/worker/claim", 401, By.AUTH),
        Arguments.of("/api/worker/cl%61im", 401, By.AUTH),
        Arguments.of("/api/worker/claim/", 401, By.AUTH),
        Arguments.of("/api/worker/claim?x=1", 401, By.AUTH),
        Arguments.of("/api/worker/claim%20", 401, By.AUTH),
        // case and look-alikes: not the worker endpoint, and any write elsewhere needs a user token
        Arguments.of("/API/WORKER/CLAIM", 401, By.AUTH),
        Arguments.of("/api/Worker/claim", 401, By.AUTH),
        Arguments.of("/api/%EF%BD%97orker/claim", 401, By.AUTH),
        // path parameters
        Arguments.of("/api/worker/claim;jsessionid=x", 400, By.FIREWALL),
        // dot segments, plain and encoded
        Arguments.of("/api/worker/./claim", 400, By.FIREWALL),
        Arguments.of("/./api/worker/claim", 400, By.FIREWALL),
        Arguments.of("/api/x/../worker/claim", 400, By.FIREWALL),
        Arguments.of("/api/worker/%2e/claim", 400, By.FIREWALL),
        Arguments.of("/api/%2e%2e/api/worker/claim", 400, By.FIREWALL),
        // empty segments
        Arguments.of("/api//worker/claim", 400, By.FIREWALL),
        Arguments.of("//api/worker/claim", 400, By.FIREWALL),
        // encoded slashes, once and twice
        Arguments.of("/api/worker%2Fclaim", 400, By.TOMCAT),
        Arguments.of("/api%2Fworker/claim", 400, By.TOMCAT),
        Arguments.of("/api/worker%2fclaim", 400, By.TOMCAT),
        Arguments.of("/api/worker%252Fclaim", 400, By.FIREWALL),
        // backslashes, raw and encoded; an encoded NUL
        Arguments.of("/api\\worker\\claim", 400, By.TOMCAT),
        Arguments.of("/api%5Cworker%5Cclaim", 400, By.TOMCAT),
        Arguments.of("/api/worker/claim%00", 400, By.TOMCAT));
  }

  @ParameterizedTest(name = "POST {0} -> {1}")
  @MethodSource("claimPaths")
  void anAnonymousClaimByAnyPathIsRefusedAndChangesNothing(String path, int status, By by) {
    assertRefused("POST", path, Map.of(), status, by);
  }

  static Stream<Arguments> methods() {
    return Stream.of(
        Arguments.of("GET", 401, By.AUTH),
        Arguments.of("HEAD", 401, By.AUTH),
        Arguments.of("OPTIONS", 401, By.AUTH),
        Arguments.of("PUT", 401, By.AUTH),
        Arguments.of("PATCH", 401, By.AUTH),
        Arguments.of("DELETE", 401, By.AUTH),
        Arguments.of("TRACE", 400, By.FIREWALL),
        Arguments.of("FOO", 400, By.FIREWALL));
  }

  @ParameterizedTest(name = "{0} /api/worker/claim -> {1}")
  @MethodSource("methods")
  void everyMethodOnAWorkerEndpointNeedsTheWorkerToken(String method, int status, By by) {
    assertRefused(method, "/api/worker/claim", Map.of(), status, by);
  }

  static Stream<Arguments> headerTricks() {
    return Stream.of(
        Arguments.of(Map.of("X-HTTP-Method-Override", "GET")),
        Arguments.of(Map.of("X-Original-URL", "/api/sweeps")),
        Arguments.of(Map.of("X-Rewrite-URL", "/api/sweeps")),
        Arguments.of(Map.of("X-Forwarded-Prefix", "/public")),
        Arguments.of(Map.of("Authorization", "Basic d29ya2VyOndvcmtlcg==")),
        Arguments.of(Map.of("Authorization", "Bearer")),
        Arguments.of(Map.of("Authorization", "Bearer ")),
        Arguments.of(Map.of("Authorization", "Bearer not-a-token")),
        Arguments.of(Map.of("Authorization", "Bearer " + TestTokens.WORKER + "x")),
        Arguments.of(Map.of("Cookie", "sweep_token=" + TestTokens.WORKER)));
  }

  /** The cookie is for the dashboard's reads only: not even a valid worker token works there. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("headerTricks")
  void headersDoNotOpenTheWorkerProtocol(Map<String, String> headers) {
    assertRefused("POST", "/api/worker/claim", headers, 401, By.AUTH);
  }

  static Stream<String> workerPathsAUserTokenTries() {
    return Stream.of("/api/worker/claim", "/api/%77orker/claim", "/api/worker/claim/");
  }

  @ParameterizedTest(name = "user token POST {0} -> 403")
  @MethodSource("workerPathsAUserTokenTries")
  void aUserTokenCannotClaim(String path) {
    assertRefused(
        "POST", path, Map.of("Authorization", TestTokens.bearer(TestTokens.USER)), 403, By.AUTH);
  }

  @Test
  void noneOfTheWritesAfterAClaimWorksWithoutTheToken() throws Exception {
    RawHttp.Response claimed = claimWith(TestTokens.WORKER, "/api/worker/claim");
    assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
    JsonNode leaseNode = json.readTree(claimed.body()).get("leaseToken");
    String lease = leaseNode.toString(); // as JSON, whatever type the lease token has
    long id = job.jobId();
    String epoch =
        "{\"leaseToken\":"
            + lease
            + ",\"epoch\":1,\"trainLoss\":0.1,\"trainAccuracy\":1.0,\"valLoss\":0.1,"
            + "\"valAccuracy\":1.0,\"seconds\":1.0,\"samplesPerSecond\":1.0}";
    String outcome = "{\"leaseToken\":" + lease + "}";
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("/api/worker/jobs/" + id + "/epochs", epoch);
    forged.put("/api/worker;x/jobs/" + id + "/epochs", epoch);
    forged.put("/api/%77orker/jobs/" + id + "/epochs", epoch);
    forged.put("/api/worker/jobs/" + id + "/heartbeat", "{\"leaseToken\":" + lease + "}");
    forged.put("/api;/worker/jobs/" + id + "/complete", outcome);
    forged.put("/api/%77orker/jobs/" + id + "/complete", outcome);
    forged.put("/api/worker/jobs/" + id + "/fail", outcome);
    forged.put("/api/worker/jobs/" + id + "/release", outcome);
    DatabaseSnapshot before = DatabaseSnapshot.of(jdbc);
    forged.forEach(
        (path, body) -> {
          RawHttp.Response r =
              RawHttp.send(port, "POST", path, Map.of("Content-Type", "application/json"), body);
          assertThat(r.status()).as(path).isIn(400, 401);
        });
    RawHttp.Response upload =
        RawHttp.send(
            port,
            "PUT",
            "/api/%77orker/jobs/" + id + "/checkpoints/1",
            Map.of("X-Lease-Token", leaseNode.asText(), "Content-Type", "application/octet-stream"),
            "not a model");
    assertThat(upload.status()).isEqualTo(401);
    assertThat(DatabaseSnapshot.of(jdbc)).isEqualTo(before);
  }

  @Test
  void theWorkerTokenClaimsTheSameJobThroughTheRealPath() {
    RawHttp.Response r = claimWith(TestTokens.WORKER, "/api/worker/claim");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(
            jdbc.queryForObject("SELECT status FROM job WHERE id = ?", String.class, job.jobId()))
        .isEqualTo("RUNNING");
  }

  private RawHttp.Response claimWith(String token, String path) {
    return RawHttp.send(
        port,
        "POST",
        path,
        Map.of("Content-Type", "application/json", "Authorization", TestTokens.bearer(token)),
        CLAIM_BODY);
  }

  private void assertRefused(
      String method, String path, Map<String, String> headers, int status, By by) {
    DatabaseSnapshot before = DatabaseSnapshot.of(jdbc);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("Content-Type", "application/json");

    RawHttp.Response r = RawHttp.send(port, method, path, all, CLAIM_BODY);

    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    if (!method.equals("HEAD")) {
      assertThat(r.body())
          .contains("\"status\":" + status)
          .contains(
              switch (by) {
                case AUTH -> "token";
                case FIREWALL -> "\"detail\":\"request rejected: The request was rejected";
                case TOMCAT -> "\"detail\":\"the server refused this request before reading it";
              });
    }
    if (status == 401) {
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(DatabaseSnapshot.of(jdbc)).as("no row changed").isEqualTo(before);
    assertThat(
            jdbc.queryForObject("SELECT status FROM job WHERE id = ?", String.class, job.jobId()))
        .isEqualTo("QUEUED");
  }
}
