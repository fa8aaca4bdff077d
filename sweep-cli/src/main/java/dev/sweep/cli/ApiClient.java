package dev.sweep.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CLI's side of the public REST API: plain HTTP and JSON, no Spring. Sends the user token
 * ({@code SWEEP_TOKEN}) as a bearer when there is one.
 */
final class ApiClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final ObjectMapper json;

  /**
   * @param token a user token, or null to call anonymously (reads on an API with public reads)
   */
  ApiClient(String baseUrl, String token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.json =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  String baseUrl() {
    String s = base.toString();
    return s.substring(0, s.length() - 1);
  }

  ApiViews.DryRun dryRun(String definition, String contentType) {
    return read(
        post("api/sweeps?dryRun=true", definition, contentType, 200), ApiViews.DryRun.class);
  }

  ApiViews.Sweep create(String definition, String contentType) {
    return read(post("api/sweeps", definition, contentType, 201), ApiViews.Sweep.class);
  }

  List<ApiViews.Sweep> sweepsWithHash(String definitionHash) {
    String q = URLEncoder.encode(definitionHash, StandardCharsets.UTF_8);
    return read(get("api/sweeps?definitionHash=" + q), new TypeReference<>() {});
  }

  List<ApiViews.Sweep> sweeps() {
    return read(get("api/sweeps"), new TypeReference<>() {});
  }

  ApiViews.Sweep sweep(long id) {
    return read(get("api/sweeps/" + id), ApiViews.Sweep.class);
  }

  List<ApiViews.Job> jobs(long sweepId) {
    return read(get("api/sweeps/" + sweepId + "/jobs"), new TypeReference<>() {});
  }

  /** Empty while no trial has finished (the API answers 404 then). */
  Optional<ApiViews.Best> best(long sweepId) {
    HttpResponse<String> r = send(request("api/sweeps/" + sweepId + "/best").GET().build());
    if (r.statusCode() == 404) {
      sweep(sweepId); // an unknown sweep is an error, "no finished trial yet" is not
      return Optional.empty();
    }
    return Optional.of(read(expect(r, 200), ApiViews.Best.class));
  }

  List<ApiViews.LeaderboardEntry> leaderboard(long sweepId, int limit) {
    return read(
        get("api/sweeps/" + sweepId + "/leaderboard?limit=" + limit), new TypeReference<>() {});
  }

  String report(long sweepId) {
    return expect(
            send(
                request("api/sweeps/" + sweepId + "/report")
                    .header("Accept", "text/markdown, text/plain, */*")
                    .GET()
                    .build()),
            200)
        .body();
  }

  /** The sweep a trial belongs to. */
  long trialSweep(long trialId) {
    try {
      return json.readTree(get("api/trials/" + trialId).body()).path("sweepId").asLong();
    } catch (IOException e) {
      throw new CliException("Cannot read trial " + trialId + ": " + e, CliException.API);
    }
  }

  /**
   * Streams a trial's model zip to {@code target} (through a temporary file beside it, so a failed
   * download leaves no half file); returns its size.
   */
  long downloadModel(long trialId, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, ".sweep-export-", ".part");
      HttpResponse<Path> r =
          http.send(
              request("api/trials/" + trialId + "/model")
                  .header("Accept", "application/zip, application/problem+json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofFile(tmp));
      if (r.statusCode() != 200) {
        String body = Files.readString(tmp, StandardCharsets.UTF_8);
        expect(new StringResponse(r, body), 200);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      return Files.size(target);
    } catch (ConnectException e) {
      throw new CliException(
          "Cannot reach the sweep API at " + baseUrl(), CliException.UNREACHABLE);
    } catch (IOException e) {
      throw new CliException("Saving the model to " + target + " failed: " + e, CliException.API);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted", 130);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover .part file is harmless
        }
      }
    }
  }

  /** Who is training, and whether the API refused worker calls; empty when it cannot say. */
  Optional<ApiViews.Workers> workers() {
    HttpResponse<String> r = send(request("api/workers").GET().build());
    if (r.statusCode() != 200) {
      return Optional.empty(); // an older API, or reads that need a token this CLI lacks
    }
    try {
      return Optional.of(json.readValue(r.body(), ApiViews.Workers.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  ApiViews.CreatedToken createToken(String role, String name) {
    ObjectNode body = json.createObjectNode().put("role", role);
    if (name != null) {
      body.put("name", name);
    }
    return read(
        post("api/tokens", body.toString(), "application/json", 201), ApiViews.CreatedToken.class);
  }

  List<ApiViews.Token> tokens() {
    return read(get("api/tokens"), new TypeReference<>() {});
  }

  void revokeToken(long id) {
    expect(send(request("api/tokens/" + id).DELETE().build()), 204);
  }

  private HttpResponse<String> get(String path) {
    return expect(send(request(path).GET().build()), 200);
  }

  private HttpResponse<String> post(String path, String body, String contentType, int status) {
    return expect(
        send(
            request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build()),
        status);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new CliException(
          "Cannot reach the sweep API at "
              + baseUrl()
              + ". Is it running? (`./sweep run` starts one; --api or SWEEP_API_URL points"
              + " elsewhere)",
          CliException.UNREACHABLE);
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "The sweep API at " + baseUrl() + " did not answer in time", CliException.UNREACHABLE);
    } catch (IOException e) {
      throw new CliException(
          "Talking to the sweep API at " + baseUrl() + " failed: " + e, CliException.UNREACHABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted", 130);
    }
  }

  private HttpResponse<String> expect(HttpResponse<String> r, int status) {
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new CliException(problem(r) + ". " + tokenHint(r.statusCode()), CliException.AUTH);
    }
    if (r.statusCode() != status) {
      throw new CliException(problem(r), CliException.API);
    }
    return r;
  }

  /** What to do about a refused token, in the CLI's own terms. */
  private String tokenHint(int status) {
    if (token == null) {
      return "Set "
          + ApiOptions.TOKEN_VARIABLE
          + " to a user token (the API's SWEEP_USER_TOKEN; ./sweep run keeps its own in"
          + " ~/.sweep/tokens.env)";
    }
    return status == 401
        ? ApiOptions.TOKEN_VARIABLE + " holds a token this API does not know, or one revoked"
        : ApiOptions.TOKEN_VARIABLE + " must be a user token, not a worker token";
  }

  /** RFC 9457 problem details become one readable line: title, detail and the offending field. */
  String problem(HttpResponse<String> r) {
    String where = r.request().method() + " " + r.uri().getPath();
    try {
      JsonNode p = json.readTree(r.body());
      StringBuilder s = new StringBuilder();
      s.append(p.path("title").asText("HTTP " + r.statusCode()));
      if (p.hasNonNull("detail")) {
        s.append(": ").append(p.get("detail").asText());
      }
      if (p.hasNonNull("field")) {
        s.append(" (field: ").append(p.get("field").asText()).append(")");
      }
      return s + " [" + r.statusCode() + " from " + where + "]";
    } catch (IOException | RuntimeException e) {
      return "HTTP " + r.statusCode() + " from " + where;
    }
  }

  private <T> T read(HttpResponse<String> r, Class<T> type) {
    try {
      return json.readValue(r.body(), type);
    } catch (IOException e) {
      throw new CliException("Unexpected answer from the API: " + e.getMessage(), CliException.API);
    }
  }

  private <T> T read(HttpResponse<String> r, TypeReference<T> type) {
    try {
      return json.readValue(r.body(), type);
    } catch (IOException e) {
      throw new CliException("Unexpected answer from the API: " + e.getMessage(), CliException.API);
    }
  }
}
