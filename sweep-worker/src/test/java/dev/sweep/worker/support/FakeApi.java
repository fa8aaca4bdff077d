package dev.sweep.worker.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sweep.contract.CheckpointRejection;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.GroupAssignment;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.JobOutcome;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.contract.WorkerRegistered;
import dev.sweep.worker.client.SweepApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The worker protocol's HTTP side, in memory, for exercising the worker's reactions (cancel, 409,
 * shutdown) that the real API would make slow or awkward to provoke. The end-to-end test runs
 * against the real sweep-api instead.
 */
public final class FakeApi implements AutoCloseable {
  public static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

  public final ConcurrentLinkedQueue<JobAssignment> queue = new ConcurrentLinkedQueue<>();
  public final List<EpochReport> epochs = new CopyOnWriteArrayList<>();
  public final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
  public final List<String> outcomes = new CopyOnWriteArrayList<>();
  public final List<JobOutcome> outcomeBodies = new CopyOnWriteArrayList<>();
  public final Map<Integer, byte[]> checkpoints = new ConcurrentHashMap<>();
  public final Map<Integer, byte[]> models = new ConcurrentHashMap<>();
  public final List<CheckpointRejection> rejections = new CopyOnWriteArrayList<>();
  public final List<String> registrations = new CopyOnWriteArrayList<>();

  /** The bodies of the leave calls (a stopped worker's goodbye), in order. */
  public final List<String> leaves = new CopyOnWriteArrayList<>();

  public volatile boolean cancelRequested;

  /** How long an empty group claim holds before its 204, as the API's long poll does. */
  public volatile long emptyClaimMillis = 50;

  private final CountDownLatch closing = new CountDownLatch(1);

  public volatile Predicate<EpochReport> conflictOnEpoch = r -> false;

  /** Answers the epoch reports it matches as the API does when early termination prunes there. */
  public volatile Predicate<EpochReport> pruneOnEpoch = r -> false;

  public volatile Runnable onEpoch = () -> {};

  /**
   * Runs with each stored epoch report before it is answered, on that call's thread (after {@link
   * #onEpoch}): a test can hold a report there.
   */
  public volatile Consumer<EpochReport> onReport = r -> {};

  /**
   * Whether a report marked {@code complete} completes its job, as the API does; false plays an API
   * from before the field, which ignores it and answers without {@code completed}.
   */
  public volatile boolean completesInReports = true;

  /** The jobs a completing report ended, in order. */
  public final List<Long> completedByReport = new CopyOnWriteArrayList<>();

  /**
   * Completing reports whose answer is lost after the API applied them (503, {@code Retry-After:
   * 0}): the worker's client sends the report again, and the fake refuses that and every later
   * report of the job 409, as the API's fence refuses a call after the job completed. (Only these
   * jobs are fenced: tests run the same job id and token more than once.)
   */
  public volatile Predicate<EpochReport> answerLostOnEpoch = r -> false;

  private final List<Long> fenced = new CopyOnWriteArrayList<>();

  /**
   * Epoch reports answered 503 with {@code Retry-After: 0}, as while the API's database is down.
   */
  public volatile Predicate<EpochReport> unavailableOnEpoch = r -> false;

  /** When set (401 or 403), every call is refused as the API refuses a bad token. */
  public volatile int refuseWith;

  public final List<String> calls = new CopyOnWriteArrayList<>();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(FakeApi::daemon);

  public FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(WorkerPaths.BASE, this::handle);
    // a thread per call, as the API has: a stopped worker's leave must not queue behind the long
    // poll it abandoned, which the fake still holds
    server.setExecutor(executor);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A worker's client of this fake: 2 attempts per call, 10 ms apart. */
  public SweepApiClient client(String token, Duration requestTimeout) {
    return new SweepApiClient(url(), token, requestTimeout, 2, Duration.ofMillis(10), JSON);
  }

  @Override
  public void close() {
    closing.countDown(); // ends a held claim, whose thread would otherwise outlive the server
    server.stop(0);
    executor.shutdown();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] body = ex.getRequestBody().readAllBytes();
      calls.add(path);
      if (refuseWith != 0) {
        json(ex, refuseWith, Map.of("status", refuseWith, "detail", "the token is not valid"));
        return;
      }
      if (path.equals(WorkerPaths.LEAVE)) {
        leaves.add(new String(body));
        ex.sendResponseHeaders(204, -1);
      } else if (path.equals(WorkerPaths.REGISTER)) {
        registrations.add(new String(body));
        json(ex, 200, new WorkerRegistered("w", Duration.ofSeconds(60), Duration.ofMillis(100)));
      } else if (path.equals(WorkerPaths.CLAIM)) {
        JobAssignment a = queue.poll();
        if (a == null) {
          sleepQuietly(50);
          ex.sendResponseHeaders(204, -1);
        } else {
          json(ex, 200, a);
        }
      } else if (path.equals(WorkerPaths.CLAIM_GROUP)) {
        // one job per claim: the fake forms no groups
        JobAssignment a = queue.poll();
        if (a == null) {
          holdClaim();
          ex.sendResponseHeaders(204, -1);
        } else {
          json(ex, 200, new GroupAssignment(List.of(a)));
        }
      } else if (path.endsWith("/heartbeat")) {
        heartbeats.add(JSON.readValue(body, HeartbeatRequest.class));
        json(ex, 200, new LeaseStatus(Instant.now().plusSeconds(60), cancelRequested));
      } else if (path.endsWith("/epochs")) {
        EpochReport r = JSON.readValue(body, EpochReport.class);
        if (unavailableOnEpoch.test(r)) {
          ex.getResponseHeaders().add("Retry-After", "0");
          json(ex, 503, Map.of("status", 503, "detail", "the database is unavailable"));
          return;
        }
        long jobId = jobId(path);
        if (conflictOnEpoch.test(r) || fenced.contains(jobId)) {
          json(ex, 409, Map.of("detail", "stale lease"));
          return;
        }
        epochs.add(r);
        boolean completed = completesInReports && r.complete();
        if (completed) {
          completedByReport.add(jobId);
        }
        onEpoch.run();
        onReport.accept(r);
        if (completed && answerLostOnEpoch.test(r)) {
          fenced.add(jobId);
          ex.getResponseHeaders().add("Retry-After", "0");
          json(ex, 503, Map.of("status", 503, "detail", "the answer was lost"));
          return;
        }
        json(
            ex,
            200,
            new LeaseStatus(
                Instant.now().plusSeconds(60), cancelRequested, pruneOnEpoch.test(r), completed));
      } else if (path.endsWith("/checkpoints/latest")) {
        int latest = checkpoints.keySet().stream().mapToInt(i -> i).max().orElse(0);
        if (latest == 0) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        byte[] bytes = checkpoints.get(latest);
        ex.getResponseHeaders().add(WorkerPaths.EPOCH_HEADER, Integer.toString(latest));
        ex.getResponseHeaders().add(WorkerPaths.SHA256_HEADER, sha256(bytes));
        send(ex, 200, bytes);
      } else if (path.endsWith("/rejection")) {
        // the fake forgets a rejected checkpoint; the real API quarantines it
        String[] parts = path.split("/");
        checkpoints.remove(Integer.parseInt(parts[parts.length - 2]));
        rejections.add(JSON.readValue(body, CheckpointRejection.class));
        ex.sendResponseHeaders(204, -1);
      } else if (path.contains("/models/")) {
        models.put(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)), body);
        ex.sendResponseHeaders(204, -1);
      } else if (path.contains("/checkpoints/")) {
        int epoch = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        String sha = ex.getRequestHeaders().getFirst(WorkerPaths.SHA256_HEADER);
        if (!sha256(body).equals(sha)
            || ex.getRequestHeaders().getFirst(WorkerPaths.LEASE_TOKEN_HEADER) == null) {
          ex.sendResponseHeaders(400, -1);
          return;
        }
        checkpoints.put(epoch, body);
        ex.sendResponseHeaders(204, -1);
      } else if (path.endsWith("/complete")
          || path.endsWith("/fail")
          || path.endsWith("/release")) {
        outcomes.add(path.substring(path.lastIndexOf('/') + 1));
        outcomeBodies.add(JSON.readValue(body, JobOutcome.class));
        ex.sendResponseHeaders(204, -1);
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    }
  }

  /** The job id of a path {@code /api/worker/jobs/{jobId}/...}. */
  private static long jobId(String path) {
    String[] parts = path.split("/");
    return Long.parseLong(parts[parts.length - 2]);
  }

  private static void json(HttpExchange ex, int status, Object value) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json");
    send(ex, status, JSON.writeValueAsBytes(value));
  }

  private static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "fake-api");
    t.setDaemon(true);
    return t;
  }

  private void holdClaim() {
    try {
      closing.await(emptyClaimMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis); // a short long-poll, so idle slots do not spin
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
