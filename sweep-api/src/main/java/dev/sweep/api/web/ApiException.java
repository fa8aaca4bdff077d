package dev.sweep.api.web;

import org.springframework.http.HttpStatus;

/**
 * An error the client can act on. Rendered as application/problem+json with the offending {@code
 * field} (a dotted path such as {@code parameters.learning_rate.values[1]}) when there is one.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String field;

  public ApiException(HttpStatus status, String field, String detail) {
    super(detail);
    this.status = status;
    this.field = field;
  }

  public HttpStatus status() {
    return status;
  }

  public String field() {
    return field;
  }

  public static ApiException notFound(String what, Object id) {
    return new ApiException(HttpStatus.NOT_FOUND, null, what + " " + id + " does not exist");
  }

  public static ApiException badRequest(String field, String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, field, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, null, detail);
  }
}
