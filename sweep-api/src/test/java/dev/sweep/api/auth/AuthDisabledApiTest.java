package dev.sweep.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.sweep.Definitions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The explicit opt-out, {@code sweep.auth.enabled=false}: anyone may write, but the firewall still
 * refuses malformed paths.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "sweep.auth.enabled=false")
@DirtiesContext // no other test wants an open API: close it rather than keep it cached
class AuthDisabledApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;

  @Test
  void anyoneMayWriteButMalformedPathsAreStillRefused() {
    TestDatabase.reset(jdbc);
    Caller anonymous = new Caller(port, json, null);

    assertThat(anonymous.postYaml("/api/sweeps", Definitions.gridText("quick.yaml")).status())
        .isEqualTo(201);
    assertThat(anonymous.postJson("/api/worker/claim", BypassApiTest.CLAIM_BODY).status())
        .isEqualTo(200);
    assertThat(anonymous.postJson("/api;/worker/claim", BypassApiTest.CLAIM_BODY).status())
        .isEqualTo(400);
  }
}
