package dev.sweep.api.support;

import dev.sweep.contract.WorkerPaths;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * The tokens every test API is started with (as {@code SWEEP_USER_TOKEN} and {@code
 * SWEEP_WORKER_TOKEN} would be), and the test REST client that sends them: the worker token on
 * {@code /api/worker/**}, the user token everywhere else, unless a request sets its own {@code
 * Authorization}. Security stays on in tests; tests of refusals use a client without tokens.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestTokens {
  public static final String USER = "sweep_user_test-0123456789abcdefghijklmnopqrstuvwxyz";
  public static final String WORKER = "sweep_worker_test-0123456789abcdefghijklmnopqrstuvwxyz";

  /** Spring properties that hand both tokens to the API. */
  public static final String USER_PROPERTY = "sweep.user-token=" + USER;

  public static final String WORKER_PROPERTY = "sweep.worker-token=" + WORKER;

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  /** The token a caller of {@code path} needs. */
  public static String forPath(String path) {
    return path.startsWith(WorkerPaths.BASE) ? WORKER : USER;
  }

  @Bean
  RestTemplateCustomizer testTokens() {
    return rest ->
        rest.getInterceptors()
            .add(
                (request, body, execution) -> {
                  HttpHeaders headers = request.getHeaders();
                  if (!headers.containsKey(HttpHeaders.AUTHORIZATION)) {
                    headers.set(
                        HttpHeaders.AUTHORIZATION, bearer(forPath(request.getURI().getPath())));
                  }
                  return execution.execute(request, body);
                });
  }
}
