package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Posts every file in {@code grids/invalid/} (see its README). Each starts with the header lines
 * {@code # expect-status: 400}, {@code # expect-field: <field, empty when the body does not parse>}
 * and {@code # expect-detail: <words>}: the API must answer that status as problem+json naming that
 * field, with those words in the detail, and store nothing.
 */
@ApiIntegrationTest
class InvalidGridsApiTest {
  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(rest, json);
  }

  static Stream<String> invalidGrids() throws IOException {
    try (Stream<Path> files = Files.list(Definitions.gridsDir().resolve("invalid"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void thereAreEnoughInvalidGridsToMeanSomething() throws IOException {
    assertThat(invalidGrids()).hasSizeGreaterThanOrEqualTo(10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidGrids")
  void isRejectedNamingTheField(String file) {
    String text = Definitions.gridText("invalid/" + file);
    int status = Integer.parseInt(header(text, "status"));
    String field = header(text, "field");
    String words = header(text, "detail");
    assertThat(words).as("expect-detail of " + file).isNotBlank();
    long sweepsBefore = jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class);

    Api.Answer answer = api.postYaml("/api/sweeps", text);

    assertThat(answer.code()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
    if (field.isEmpty()) {
      assertThat(answer.body().has("field")).as(answer.body().toString()).isFalse();
    } else {
      assertThat(answer.body().path("field").asText())
          .as(answer.body().toString())
          .isEqualTo(field);
    }
    assertThat(answer.body().get("detail").asText()).contains(words);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class))
        .isEqualTo(sweepsBefore);
    Api.Answer dryRun = api.postYaml("/api/sweeps?dryRun=true", text);
    assertThat(dryRun.code()).isEqualTo(status);
    assertThat(dryRun.body().get("detail").asText()).contains(words);
  }

  /** The value of a {@code # expect-<name>: value} header line. */
  private static String header(String text, String name) {
    String prefix = "# expect-" + name + ":";
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .map(l -> l.substring(prefix.length()).strip())
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' header"));
  }
}
