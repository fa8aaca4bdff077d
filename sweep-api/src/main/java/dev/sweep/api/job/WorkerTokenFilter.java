package dev.sweep.api.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.WorkerPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code sweep.worker-token} is set, the worker endpoints require {@code Authorization: Bearer
 * <token>}; everything else is untouched. Without a token configured the filter lets all through.
 */
@Component
class WorkerTokenFilter extends OncePerRequestFilter {
  private final byte[] expected;
  private final ObjectMapper json;

  WorkerTokenFilter(SweepProperties props, ObjectMapper json) {
    String token = props.workerToken();
    this.expected =
        token == null || token.isBlank()
            ? null
            : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return expected == null
        || !(path.equals(WorkerPaths.BASE) || path.startsWith(WorkerPaths.BASE + "/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(WorkerPaths.AUTHORIZATION_HEADER);
    // constant-time comparison, so the token cannot be guessed byte by byte from response times
    if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(request, response);
      return;
    }
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Unauthorized");
    problem.put("status", 401);
    problem.put(
        "detail",
        given == null
            ? "worker endpoints require Authorization: Bearer <worker token>"
            : "the worker token is wrong");
    problem.put("instance", request.getRequestURI());
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
