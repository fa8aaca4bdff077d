package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Test helper: the public REST API over real HTTP, answers parsed as JSON trees. */
public final class Api {
  public static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final TestRestTemplate rest;
  private final ObjectMapper json;

  public Api(TestRestTemplate rest, ObjectMapper json) {
    this.rest = rest;
    this.json = json;
  }

  /** One answer: status, headers and the body as JSON (missing when empty). */
  public record Answer(HttpStatusCode status, HttpHeaders headers, JsonNode body) {
    public int code() {
      return status.value();
    }

    public MediaType contentType() {
      return headers.getContentType();
    }
  }

  public Answer postYaml(String path, String yaml) {
    return post(path, yaml, YAML);
  }

  public Answer post(String path, String body, MediaType type) {
    HttpHeaders headers = new HttpHeaders();
    if (type != null) {
      headers.setContentType(type);
    }
    return exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers));
  }

  public Answer get(String path) {
    return exchange(path, HttpMethod.GET, HttpEntity.EMPTY);
  }

  /** Creates a sweep from YAML and returns its id; fails unless the API answers 201. */
  public long create(String yaml) {
    Answer answer = postYaml("/api/sweeps", yaml);
    if (answer.code() != 201) {
      throw new AssertionError("expected 201, got " + answer.code() + ": " + answer.body());
    }
    return answer.body().get("id").asLong();
  }

  private Answer exchange(String path, HttpMethod method, HttpEntity<?> entity) {
    ResponseEntity<String> response = rest.exchange(path, method, entity, String.class);
    JsonNode body = MissingNode.getInstance();
    if (response.getBody() != null && !response.getBody().isBlank()) {
      try {
        body = json.readTree(response.getBody());
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + response.getBody(), e);
      }
    }
    return new Answer(response.getStatusCode(), response.getHeaders(), body);
  }
}
