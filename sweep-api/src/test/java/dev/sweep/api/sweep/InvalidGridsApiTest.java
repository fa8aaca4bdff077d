package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Posts every file in {@code grids/invalid/}. Each starts with {@code # expect: <field> <words>}
 * ({@code -} for no field): the API must answer 400 problem+json naming that field, with those
 * words in the detail, and store nothing.
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
    String first = text.lines().findFirst().orElseThrow();
    assertThat(first).as("first line of " + file).startsWith("# expect: ");
    List<String> expect = List.of(first.substring("# expect: ".length()).split(" ", 2));
    String field = expect.get(0);
    String words = expect.get(1);
    long sweepsBefore = jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class);

    Api.Answer answer = api.postYaml("/api/sweeps", text);

    assertThat(answer.code()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.contentType().toString()).startsWith("application/problem+json");
    if (field.equals("-")) {
      assertThat(answer.body().has("field")).as(answer.body().toString()).isFalse();
    } else {
      assertThat(answer.body().path("field").asText())
          .as(answer.body().toString())
          .isEqualTo(field);
    }
    assertThat(answer.body().get("detail").asText()).contains(words);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class))
        .isEqualTo(sweepsBefore);
  }
}
