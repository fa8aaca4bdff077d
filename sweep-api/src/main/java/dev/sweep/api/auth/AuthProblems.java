package dev.sweep.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Every refusal of the security layer as RFC 9457 problem details, like the API's other errors: 401
 * without a token or with a bad one, 403 with a token of the wrong role, 400 for a request the
 * firewall rejected (an encoded slash, {@code ..}, a {@code ;} path parameter, a backslash ...),
 * 503 when the token store cannot be reached. Refused worker-protocol calls are also counted.
 */
@Component
class AuthProblems
    implements AuthenticationEntryPoint,
        AuthenticationFailureHandler,
        AccessDeniedHandler,
        RequestRejectedHandler {
  static final String NEEDS_WORKER_TOKEN =
      "worker endpoints need a worker token: send Authorization: Bearer <token>"
          + " (workers read it from SWEEP_API_TOKEN)";
  static final String NEEDS_USER_TOKEN =
      "this needs a user token: send Authorization: Bearer <token>"
          + " (the CLI reads it from SWEEP_TOKEN)";
  static final String USER_TOKEN_ON_WORKER_PATH =
      "a user token cannot call worker endpoints: workers need a worker token (SWEEP_API_TOKEN)";
  static final String WORKER_TOKEN_ELSEWHERE =
      "a worker token serves only the worker protocol under /api/worker/; this needs a user token";

  private final ObjectMapper json;
  private final WorkerRefusals refusals;

  AuthProblems(ObjectMapper json, WorkerRefusals refusals) {
    this.json = json;
    this.refusals = refusals;
  }

  /** No token, and the endpoint needs one. */
  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    boolean worker = SecurityConfig.WORKER_PROTOCOL.matches(request);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    write(
        request, response, HttpStatus.UNAUTHORIZED, worker ? NEEDS_WORKER_TOKEN : NEEDS_USER_TOKEN);
  }

  /** A token was sent and is not valid (or cannot be checked right now). */
  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof AuthenticationServiceException) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "5");
      write(
          request,
          response,
          HttpStatus.SERVICE_UNAVAILABLE,
          "cannot check the token right now: the database is unreachable; try again shortly");
      return;
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    write(request, response, HttpStatus.UNAUTHORIZED, e.getMessage());
  }

  /** A valid token of the wrong role. */
  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    boolean worker = SecurityConfig.WORKER_PROTOCOL.matches(request);
    Object principal =
        SecurityContextHolder.getContext().getAuthentication() == null
            ? null
            : SecurityContextHolder.getContext().getAuthentication().getPrincipal();
    String detail =
        worker
            ? USER_TOKEN_ON_WORKER_PATH
            : principal instanceof ApiToken t && t.role() == Role.USER
                ? "this token may not do this"
                : WORKER_TOKEN_ELSEWHERE;
    write(request, response, HttpStatus.FORBIDDEN, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    write(request, response, HttpStatus.BAD_REQUEST, "request rejected: " + e.getMessage());
  }

  private void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    if (status.value() != 400
        && status.value() != 503
        && SecurityConfig.WORKER_PROTOCOL.matches(request)) {
      refusals.record(status.value(), detail);
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(instance(request));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  /** The path, when it is a valid URI; a request the firewall rejected may carry anything. */
  private static URI instance(HttpServletRequest request) {
    try {
      return URI.create(request.getRequestURI());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
