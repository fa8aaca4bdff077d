package dev.sweep.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

@ApiIntegrationTest
class OpenApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;

  @Test
  void describesThePublicApi() throws Exception {
    ResponseEntity<String> answer = rest.getForEntity("/api/openapi", String.class);

    assertThat(answer.getStatusCode().value()).isEqualTo(200);
    JsonNode paths = json.readTree(answer.getBody()).get("paths");
    assertThat(paths.fieldNames())
        .toIterable()
        .contains(
            "/api/sweeps",
            "/api/sweeps/{id}",
            "/api/sweeps/{id}/cancel",
            "/api/sweeps/{id}/trials",
            "/api/sweeps/{id}/jobs",
            "/api/sweeps/{id}/best",
            "/api/sweeps/{id}/leaderboard",
            "/api/trials/{id}",
            "/api/trials/{id}/epochs",
            "/api/jobs/{id}",
            "/api/tokens",
            "/api/tokens/{id}",
            "/api/workers");
    JsonNode doc = json.readTree(answer.getBody());
    assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(doc.at("/security/0").has("bearer")).isTrue();
    assertThat(paths.at("/~1api~1sweeps/post/requestBody/content").fieldNames())
        .toIterable()
        .contains("application/json", "application/yaml");
  }

  @Test
  void servesSwaggerUi() {
    ResponseEntity<String> page = rest.getForEntity("/swagger-ui/index.html", String.class);
    ResponseEntity<String> redirect = rest.getForEntity("/swagger-ui.html", String.class);

    assertThat(page.getStatusCode().value()).isEqualTo(200);
    assertThat(page.getBody()).contains("Swagger UI");
    assertThat(
            redirect.getStatusCode().is2xxSuccessful()
                || redirect.getStatusCode().is3xxRedirection())
        .isTrue();
  }
}
