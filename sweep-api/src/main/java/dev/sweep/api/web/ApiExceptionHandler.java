package dev.sweep.api.web;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.outage.DatabaseOutages;
import dev.sweep.api.outage.ServiceUptime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 problem details. Spring's base class covers the framework's own
 * errors (unsupported media type, missing parameter, type mismatch); we add ours.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final ServiceUptime uptime;
  private final SweepProperties props;

  ApiExceptionHandler(ServiceUptime uptime, SweepProperties props) {
    this.uptime = uptime;
    this.props = props;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> handle(ApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    if (e.field() != null) {
      problem.setProperty("field", e.field());
    }
    return ResponseEntity.status(e.status()).body(problem);
  }

  /**
   * A bug or an outage still answers problem+json, so clients parse one error format; the detail
   * stays generic because exception messages can carry SQL or paths.
   */
  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
    if (DatabaseOutages.is(e)) {
      return unavailable(e);
    }
    log.error("unhandled error", e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "unexpected server error; the API log has the details");
    return ResponseEntity.internalServerError().body(problem);
  }

  /**
   * The database is unreachable or stalled: 503 with {@code Retry-After}, so workers and the CLI
   * back off and try again instead of giving up; nothing was written.
   */
  private ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
    uptime.down(e);
    log.warn("database unavailable: {}", e.toString());
    long seconds = Math.max(1, props.outage().retryAfter().toSeconds());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "the database is unavailable; nothing was changed. Retry after " + seconds + " s");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(problem);
  }
}
