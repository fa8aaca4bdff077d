package dev.sweep.worker.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.contract.CheckpointRejection;
import dev.sweep.contract.ClaimRequest;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.GroupAssignment;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.Sha256;
import dev.sweep.contract.WorkerLeave;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.contract.WorkerRegistration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of the protocol in {@link WorkerPaths}, over the JDK HTTP client. Transient
 * failures are retried with backoff; 409 becomes {@link LeaseLostException}; 401 and 403 become
 * {@link TokenRefusedException}; any other rejection becomes {@link ApiCallException} carrying the
 * problem detail the API sent.
 */
public class SweepApiClient {
  private static final Logger log = LoggerFactory.getLogger(SweepApiClient.class);
  private static final String JSON = "application/json";

  private final String base;
  private final String token;
  private final Duration timeout;
  private final Retry retry;
  private final ObjectMapper json;
  private final HttpClient http;

  public SweepApiClient(
      URI baseUrl,
      String token,
      Duration timeout,
      int maxRetries,
      Duration firstBackoff,
      ObjectMapper json) {
    String b = baseUrl.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    // a token read from a secret file often ends in a newline, which no header may carry
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.timeout = timeout;
    this.retry = new Retry(maxRetries, firstBackoff);
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The API this client talks to, for messages. */
  public String baseUrl() {
    return base;
  }

  /** Whether a token (SWEEP_API_TOKEN) is sent at all. */
  public boolean hasToken() {
    return token != null;
  }

  /** One try: the caller loops, so that a shutdown is not held up by backoff here. */
  public WorkerRegistered register(WorkerRegistration registration) {
    return read(
        send("register", post(WorkerPaths.REGISTER, registration), timeout, 0),
        WorkerRegistered.class);
  }

  /**
   * Tells the API this worker stopped, so that its abandoned long poll leases nothing and the jobs
   * it never heard of go back at once. One try: it runs while the process exits.
   */
  public void leave(String workerId) {
    send("leave", post(WorkerPaths.LEAVE, new WorkerLeave(workerId)), timeout, 0);
  }

  /** Long-polls for a job for up to {@code wait}; empty when the queue stayed empty. */
  public Optional<JobAssignment> claim(String workerId, Duration wait) {
    HttpRequest.Builder req = post(WorkerPaths.CLAIM, new ClaimRequest(workerId, wait.toMillis()));
    HttpResponse<byte[]> resp = send("claim", req, timeout.plus(wait), 0);
    if (resp.statusCode() == 204) {
      return Optional.empty();
    }
    return Optional.of(read(resp, JobAssignment.class));
  }

  /**
   * Long-polls for the next job and up to {@code maxJobs - 1} more of its fusion group; empty when
   * the queue stayed empty.
   */
  public List<JobAssignment> claimGroup(String workerId, Duration wait, int maxJobs) {
    HttpRequest.Builder req =
        post(WorkerPaths.CLAIM_GROUP, new ClaimRequest(workerId, wait.toMillis(), maxJobs));
    HttpResponse<byte[]> resp = send("claim", req, timeout.plus(wait), 0);
    if (resp.statusCode() == 204) {
      return List.of();
    }
    return read(resp, GroupAssignment.class).jobs();
  }

  public LeaseStatus heartbeat(long jobId, HeartbeatRequest beat) {
    return read(
        send("heartbeat", post(job(WorkerPaths.HEARTBEAT, jobId), beat), timeout),
        LeaseStatus.class);
  }

  public LeaseStatus reportEpoch(long jobId, EpochReport report) {
    return read(
        send("epoch " + report.epoch(), post(job(WorkerPaths.EPOCHS, jobId), report), timeout),
        LeaseStatus.class);
  }

  public void complete(long jobId, JobOutcome outcome) {
    send("complete", post(job(WorkerPaths.COMPLETE, jobId), outcome), timeout);
  }

  public void fail(long jobId, JobOutcome outcome) {
    send("fail", post(job(WorkerPaths.FAIL, jobId), outcome), timeout);
  }

  public void release(long jobId, JobOutcome outcome) {
    send("release", post(job(WorkerPaths.RELEASE, jobId), outcome), timeout);
  }

  public void uploadCheckpoint(long jobId, int epoch, long leaseToken, byte[] bytes) {
    String path = job(WorkerPaths.CHECKPOINT, jobId).replace("{epoch}", Integer.toString(epoch));
    HttpRequest.Builder req =
        request(path)
            .header("Content-Type", "application/octet-stream")
            .header(WorkerPaths.LEASE_TOKEN_HEADER, Long.toString(leaseToken))
            .header(WorkerPaths.SHA256_HEADER, Sha256.hex(bytes))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    send("checkpoint " + epoch, req, timeout);
  }

  /** Uploads the model file of an epoch that ends a trial; same headers as a checkpoint. */
  public void uploadModel(long jobId, int epoch, long leaseToken, byte[] bytes) {
    String path = job(WorkerPaths.MODEL, jobId).replace("{epoch}", Integer.toString(epoch));
    HttpRequest.Builder req =
        request(path)
            .header("Content-Type", "application/octet-stream")
            .header(WorkerPaths.LEASE_TOKEN_HEADER, Long.toString(leaseToken))
            .header(WorkerPaths.SHA256_HEADER, Sha256.hex(bytes))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    send("model " + epoch, req, timeout);
  }

  /**
   * The newest checkpoint the API offers, or empty when it has none (404). Its bytes are not
   * checked here: {@link StoredCheckpoint#intact()} says whether they match the recorded SHA-256,
   * and a checkpoint that does not is reported with {@link #rejectCheckpoint}, not retried.
   */
  public Optional<StoredCheckpoint> latestCheckpoint(long jobId, long leaseToken) {
    HttpRequest.Builder req =
        request(job(WorkerPaths.LATEST_CHECKPOINT, jobId))
            .header(WorkerPaths.LEASE_TOKEN_HEADER, Long.toString(leaseToken))
            .GET();
    HttpResponse<byte[]> resp = send("latest checkpoint", req, timeout, retry.maxRetries(), 404);
    if (resp.statusCode() == 404) {
      return Optional.empty();
    }
    String announced = resp.headers().firstValue(WorkerPaths.SHA256_HEADER).orElse(null);
    String epoch = resp.headers().firstValue(WorkerPaths.EPOCH_HEADER).orElse(null);
    if (announced == null || epoch == null) {
      throw new ApiCallException(
          "checkpoint of job " + jobId + " came without its epoch or SHA-256", 200, null);
    }
    return Optional.of(
        new StoredCheckpoint(Integer.parseInt(epoch.trim()), announced.trim(), resp.body()));
  }

  /** Reports a checkpoint that cannot be restored; the API quarantines it. */
  public void rejectCheckpoint(long jobId, int epoch, CheckpointRejection rejection) {
    String path =
        job(WorkerPaths.CHECKPOINT_REJECTION, jobId).replace("{epoch}", Integer.toString(epoch));
    send("checkpoint rejection " + epoch, post(path, rejection), timeout);
  }

  private static String job(String template, long jobId) {
    return template.replace("{jobId}", Long.toString(jobId));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header(WorkerPaths.AUTHORIZATION_HEADER, "Bearer " + token);
    }
    return b;
  }

  private HttpRequest.Builder post(String path, Object body) {
    try {
      return request(path)
          .header("Content-Type", JSON)
          .header("Accept", JSON)
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + body, e);
    }
  }

  private HttpResponse<byte[]> send(String what, HttpRequest.Builder req, Duration callTimeout) {
    return send(what, req, callTimeout, retry.maxRetries());
  }

  private HttpResponse<byte[]> send(
      String what, HttpRequest.Builder req, Duration callTimeout, int maxRetries, int... alsoOk) {
    HttpRequest request = req.timeout(callTimeout).build();
    for (int attempt = 0; ; attempt++) {
      String failure;
      int status = 0;
      Exception cause = null;
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpResponse<byte[]> resp = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        status = resp.statusCode();
        if (status / 100 == 2 || contains(alsoOk, status)) {
          return resp;
        }
        String body = new String(resp.body(), StandardCharsets.UTF_8);
        if (status == 409) {
          throw new LeaseLostException(what + ": " + body);
        }
        if (status == 401 || status == 403) {
          throw new TokenRefusedException(
              what + " answered " + status + ": " + problemDetail(body), status);
        }
        failure = what + " answered " + status + ": " + body;
        retryAfter = Retry.retryAfter(resp);
        if (!Retry.transientStatus(status)) {
          throw new ApiCallException(failure, status, null);
        }
      } catch (IOException e) {
        failure = what + " failed: " + e;
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiCallException(what + " interrupted", 0, e);
      }
      if (attempt >= maxRetries) {
        throw new ApiCallException(
            failure + " (gave up after " + (attempt + 1) + " tries)", status, cause);
      }
      Duration pause = retry.pause(attempt, retryAfter);
      log.warn("{}; retrying in {} ms", failure, pause.toMillis());
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiCallException(what + " interrupted", 0, e);
      }
    }
  }

  /** The {@code detail} of a problem+json answer, or the body as it came. */
  private String problemDetail(String body) {
    try {
      String detail = json.readTree(body).path("detail").asText("");
      return detail.isBlank() ? body : detail;
    } catch (IOException e) {
      return body;
    }
  }

  private static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private <T> T read(HttpResponse<byte[]> resp, Class<T> type) {
    try {
      return json.readValue(resp.body(), type);
    } catch (IOException e) {
      throw new ApiCallException(
          "cannot read " + type.getSimpleName() + " from the API: " + e.getMessage(),
          resp.statusCode(),
          e);
    }
  }
}
