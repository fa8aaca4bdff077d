package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.WorkerPaths;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter alone, on servlet test doubles: no database is involved. */
class WorkerTokenFilterTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void withATokenConfiguredWorkerCallsNeedTheBearer() throws Exception {
    WorkerTokenFilter filter = filter("s3cret");

    MockHttpServletResponse missing = run(filter, WorkerPaths.CLAIM, null);
    MockHttpServletResponse wrong = run(filter, WorkerPaths.CLAIM, "Bearer guess");
    MockHttpServletResponse right = run(filter, "/api/worker/jobs/7/heartbeat", "Bearer s3cret");

    for (MockHttpServletResponse refused : new MockHttpServletResponse[] {missing, wrong}) {
      assertThat(refused.getStatus()).isEqualTo(401);
      assertThat(refused.getContentType()).isEqualTo("application/problem+json");
      assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      JsonNode problem = json.readTree(refused.getContentAsString());
      assertThat(problem.path("status").asInt()).isEqualTo(401);
      assertThat(problem.path("detail").asText()).isNotBlank();
    }
    assertThat(right.getStatus()).isEqualTo(200);
    assertThat(right.getHeader("X-Passed")).isEqualTo("yes");
  }

  @Test
  void publicEndpointsAndUnconfiguredTokensAreLeftAlone() throws Exception {
    assertThat(run(filter("s3cret"), "/api/sweeps", null).getHeader("X-Passed")).isEqualTo("yes");
    assertThat(run(filter("s3cret"), "/api/workerish", null).getHeader("X-Passed"))
        .isEqualTo("yes");
    assertThat(run(filter(null), WorkerPaths.CLAIM, null).getHeader("X-Passed")).isEqualTo("yes");
  }

  private WorkerTokenFilter filter(String token) {
    SweepProperties props =
        new SweepProperties(
            100_000,
            3,
            new SweepProperties.Lease(Duration.ofSeconds(60), Duration.ofSeconds(10)),
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            new SweepProperties.Checkpoints(Path.of("/tmp/unused"), 3),
            token);
    return new WorkerTokenFilter(props, json);
  }

  private static MockHttpServletResponse run(WorkerTokenFilter filter, String path, String auth)
      throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
    if (auth != null) {
      request.addHeader("Authorization", auth);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(
        request,
        response,
        new MockFilterChain() {
          @Override
          public void doFilter(
              jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
            ((MockHttpServletResponse) res).setHeader("X-Passed", "yes");
          }
        });
    return response;
  }
}
