package dev.sweep.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ApiExceptionHandlerTest {
  private final ApiExceptionHandler handler = new ApiExceptionHandler();

  @Test
  void namesTheOffendingField() {
    ResponseEntity<ProblemDetail> answer =
        handler.handle(ApiException.badRequest("parameters.epochs", "epochs must be >= 1"));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().getDetail()).isEqualTo("epochs must be >= 1");
    assertThat(answer.getBody().getProperties()).containsEntry("field", "parameters.epochs");
  }

  @Test
  void unexpectedErrorsAreProblemsWithoutInternals() {
    ResponseEntity<ProblemDetail> answer =
        handler.unexpected(new IllegalStateException("relation \"secret_table\" does not exist"));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(answer.getBody().getStatus()).isEqualTo(500);
    assertThat(answer.getBody().getDetail()).doesNotContain("secret_table");
  }
}
