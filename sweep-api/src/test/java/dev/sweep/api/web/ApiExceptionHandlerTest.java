package dev.sweep.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.outage.ServiceUptime;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class ApiExceptionHandlerTest {
  private final ServiceUptime uptime = new ServiceUptime(Clock.systemUTC());
  private final ApiExceptionHandler handler =
      new ApiExceptionHandler(
          uptime,
          new SweepProperties(
              1000,
              3,
              new SweepProperties.Lease(Duration.ofSeconds(60), Duration.ofSeconds(10)),
              Duration.ofSeconds(5),
              Duration.ofSeconds(20),
              new SweepProperties.Checkpoints(Path.of("unused"), 3),
              null));

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

  @Test
  void anUnreachableDatabaseIsA503WithRetryAfterAndMarksTheServiceDown() {
    ResponseEntity<ProblemDetail> answer =
        handler.unexpected(
            new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLTransientConnectionException(
                    "Connection is not available, request timed out after 2000ms")));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    assertThat(answer.getBody().getDetail()).contains("database is unavailable");
    assertThat(uptime.upFor(Duration.ZERO)).isFalse();
    // a rollback on the connection the outage broke replaces the I/O error with this
    assertThat(
            handler
                .unexpected(
                    new IllegalStateException(
                        "Unable to rollback against JDBC Connection",
                        new java.sql.SQLException("Connection is closed")))
                .getStatusCode())
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    uptime.up();
    assertThat(uptime.upFor(Duration.ZERO)).isTrue();
  }
}
