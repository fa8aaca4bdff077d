package dev.sweep.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SWEEP_USER_TOKEN and SWEEP_WORKER_TOKEN at start-up, run again as a restart would: one row per
 * value however often, a revoked value stays revoked, a token keeps its one role. Each test uses
 * fresh random values, so the shared test tokens are untouched.
 */
@ApiIntegrationTest
class BootstrapTokensTest {
  @Autowired TokenStore store;
  @Autowired SweepProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;
  @LocalServerPort int port;

  @Test
  void theTestApisTokensWereStoredOnceEachWhateverHowOftenItStarted() {
    restart(TestTokens.USER, TestTokens.WORKER);
    restart(TestTokens.USER, TestTokens.WORKER);

    assertThat(rows(TestTokens.USER)).isEqualTo(1);
    assertThat(rows(TestTokens.WORKER)).isEqualTo(1);
    assertThat(
            jdbc.queryForList(
                "SELECT role || ' ' || source || ' ' || name FROM api_token"
                    + " WHERE token_sha256 IN (?, ?) ORDER BY role",
                String.class,
                TokenSecrets.sha256(TestTokens.USER),
                TokenSecrets.sha256(TestTokens.WORKER)))
        .containsExactly("user bootstrap SWEEP_USER_TOKEN", "worker bootstrap SWEEP_WORKER_TOKEN");
  }

  @Test
  void anOperatorTokenWorksAndARevokedOneStaysRevokedAcrossRestarts() {
    String worker = fresh();
    restart(null, worker + "\n"); // secrets read from files often end in a newline
    Caller caller = new Caller(port, json, worker);
    assertThat(caller.postJson("/api/worker/register", "{\"workerId\":\"op\"}").status())
        .isEqualTo(200);

    long id =
        jdbc.queryForObject(
            "SELECT id FROM api_token WHERE token_sha256 = ?",
            Long.class,
            (Object) TokenSecrets.sha256(worker));
    new Caller(port, json, TestTokens.USER).delete("/api/tokens/" + id);
    restart(null, worker);

    assertThat(rows(worker)).isEqualTo(1);
    assertThat(store.find(id).orElseThrow().active()).isFalse();
    assertThat(caller.postJson("/api/worker/register", "{\"workerId\":\"op\"}").status())
        .isEqualTo(401);
  }

  @Test
  void aChangedValueAddsATokenAndTheEarlierOneStaysUntilRevoked() {
    String first = fresh();
    String second = fresh();

    restart(first, null);
    restart(second, null);

    assertThat(store.findActive(TokenSecrets.sha256(first))).isPresent();
    assertThat(store.findActive(TokenSecrets.sha256(second))).isPresent();
  }

  @Test
  void aTokenHasOneRole() {
    String both = fresh();
    assertThatThrownBy(() -> restart(both, both))
        .hasMessageContaining("SWEEP_USER_TOKEN and SWEEP_WORKER_TOKEN are the same");

    String user = fresh();
    restart(user, null);
    assertThatThrownBy(() -> restart(null, user))
        .hasMessageContaining("SWEEP_WORKER_TOKEN is already stored as a user token");
  }

  private void restart(String userToken, String workerToken) {
    SweepProperties changed =
        new SweepProperties(
            props.maxTrials(),
            props.maxAttempts(),
            props.lease(),
            props.reaperInterval(),
            props.claimMaxWait(),
            props.checkpoints(),
            workerToken,
            props.events(),
            userToken,
            props.auth(),
            props.limits(),
            props.outage(),
            props.metrics(),
            props.queue(),
            props.search(),
            props.fusion());
    new BootstrapTokens(store, changed).afterSingletonsInstantiated();
  }

  private long rows(String secret) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM api_token WHERE token_sha256 = ?",
        Long.class,
        (Object) TokenSecrets.sha256(secret));
  }

  private static String fresh() {
    return "operator-" + UUID.randomUUID() + "-" + UUID.randomUUID();
  }
}
