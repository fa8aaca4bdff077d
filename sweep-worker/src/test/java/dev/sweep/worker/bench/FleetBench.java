package dev.sweep.worker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.runtime.SimulatedTrainer;
import dev.sweep.worker.runtime.WorkerRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of simulated workers ({@link SimulatedTrainer}) against one running API and its
 * PostgreSQL, each a {@link WorkerRuntime} of one slot with its own HTTP client and worker id, all
 * in this JVM. A reader asks {@code GET /best} meanwhile. Prints claims/s, p50/p99 of claim, epoch
 * report and best as the workers saw them, the database connections in use, errors, and checks by
 * SQL that every epoch report the API acknowledged is stored exactly once.
 *
 * <p>Run through {@code bench/fleet.sh}; arguments: api url, jdbc url, user token, worker token,
 * workers, duration, epoch time (ISO-8601 durations), epochs per job.
 */
public final class FleetBench {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final AtomicLong errors = new AtomicLong();
  private final Latencies claims = new Latencies();
  private final Latencies reports = new Latencies();
  private final Latencies best = new Latencies();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final AtomicInteger samples = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    URI api = URI.create(args[0]);
    String jdbc = args[1];
    String userToken = args[2];
    String workerToken = args[3];
    int workers = Integer.parseInt(args[4]);
    Duration duration = Duration.parse(args[5]);
    Duration epochTime = Duration.parse(args[6]);
    int epochs = Integer.parseInt(args[7]);
    new FleetBench().run(api, jdbc, userToken, workerToken, workers, duration, epochTime, epochs);
  }

  private void run(
      URI api,
      String jdbc,
      String token,
      String workerToken,
      int n,
      Duration duration,
      Duration epochTime,
      int epochs)
      throws Exception {
    // enough jobs that the queue never runs dry: each worker finishes one per epochs x epochTime
    long perWorker = duration.toMillis() / Math.max(1, epochs * epochTime.toMillis()) + 2;
    int jobs = (int) Math.min(90_000, n * perWorker * 3 / 2);
    long sweepId = createSweep(api, token, jobs, epochs);
    System.out.printf(
        "fleet: %d simulated workers, %s, epoch %s, %d epochs/job, %,d jobs queued (sweep %d)%n",
        n, duration, epochTime, epochs, jobs, sweepId);

    Thread sampler = new Thread(() -> sampleConnections(jdbc), "fleet-connections");
    sampler.setDaemon(true);
    sampler.start();
    SimulatedTrainer trainer = new SimulatedTrainer(epochTime);
    List<WorkerRuntime> fleet = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      WorkerRuntime w =
          new WorkerRuntime(
              new TimedClient(api, workerToken),
              trainer,
              new WorkerProperties.Worker(
                  1, true, "fleet-" + i, Duration.ofSeconds(20), null, Duration.ofSeconds(1)),
              reason -> errors.incrementAndGet());
      w.start();
      fleet.add(w);
    }
    Thread reader = new Thread(() -> readBest(api, token, sweepId), "fleet-best");
    reader.setDaemon(true);
    reader.start();
    try (Connection db = DriverManager.getConnection(jdbc)) {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, start + duration.toNanos() - System.nanoTime()));
      long claimed = claims.count();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("fleet: window over after %.0f s; draining%n", seconds);
      CountDownLatch stopped = new CountDownLatch(fleet.size());
      fleet.forEach(w -> w.stop(stopped::countDown));
      stopped.await(2, TimeUnit.MINUTES);
      reader.interrupt();
      report(db, sweepId, claimed, seconds);
    }
  }

  private void report(Connection db, long sweepId, long claimed, double seconds)
      throws SQLException {
    Set<String> stored = new HashSet<>();
    long duplicates;
    long gaps;
    try (Statement st = db.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT job_id, epoch FROM epoch_metric")) {
        while (rs.next()) {
          stored.add(rs.getLong(1) + "/" + rs.getInt(2));
        }
      }
      duplicates =
          single(
              st,
              "SELECT count(*) FROM (SELECT job_id, epoch FROM epoch_metric GROUP BY 1, 2"
                  + " HAVING count(*) > 1) d");
      // every job's epochs are 1..current_epoch, with none missing
      gaps =
          single(
              st,
              "SELECT count(*) FROM job j CROSS JOIN LATERAL generate_series(1, j.current_epoch) e"
                  + " WHERE NOT EXISTS (SELECT 1 FROM epoch_metric m WHERE m.job_id = j.id AND"
                  + " m.epoch = e)");
    }
    long lost = acknowledged.stream().filter(k -> !stored.contains(k)).count();
    System.out.printf(
        "fleet: %,d claims in %.0f s = %.1f claims/s; %,d epoch reports acknowledged, %,d epoch rows"
            + " stored%n",
        claimed, seconds, claimed / seconds, acknowledged.size(), stored.size());
    System.out.printf(
        "fleet: latency ms  claim p50 %.1f p99 %.1f | epoch report p50 %.1f p99 %.1f | best p50"
            + " %.1f p99 %.1f (%,d reads)%n",
        claims.percentile(0.5),
        claims.percentile(0.99),
        reports.percentile(0.5),
        reports.percentile(0.99),
        best.percentile(0.5),
        best.percentile(0.99),
        best.count());
    System.out.printf(
        "fleet: database connections (others than this bench's): at most %d active of %d open"
            + " (%d samples, 1/s)%n",
        maxActive.get(), maxOpen.get(), samples.get());
    System.out.printf(
        "fleet: errors %d; epoch rows lost %d, duplicated %d, missing below current_epoch %d -> %s%n",
        errors.get(),
        lost,
        duplicates,
        gaps,
        lost == 0 && duplicates == 0 && gaps == 0 ? "OK" : "FAILED");
  }

  /** Once a second: connections to this database, and those of them running a statement. */
  private void sampleConnections(String jdbc) {
    try (Connection db = DriverManager.getConnection(jdbc);
        Statement st = db.createStatement()) {
      while (!Thread.currentThread().isInterrupted()) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FILTER (WHERE state NOT LIKE 'idle%' AND pid <>"
                    + " pg_backend_pid()), count(*) - 1 FROM pg_stat_activity WHERE datname ="
                    + " current_database()")) {
          rs.next();
          maxActive.accumulateAndGet(rs.getInt(1), Math::max);
          maxOpen.accumulateAndGet(rs.getInt(2), Math::max);
          samples.incrementAndGet();
        }
        TimeUnit.SECONDS.sleep(1);
      }
    } catch (SQLException e) {
      errors.incrementAndGet();
      System.out.println("fleet: sampling connections failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A grid of {@code jobs} learning rates, {@code epochs} each: one job per trial. */
  private static long createSweep(URI api, String token, int jobs, int epochs) throws Exception {
    StringBuilder lrs = new StringBuilder();
    for (int i = 1; i <= jobs; i++) {
      lrs.append(i == 1 ? "" : ", ").append(String.format("%.7f", i * 1e-6));
    }
    String yaml =
        "name: fleet\nmethod: grid\nmetric: {name: val_accuracy, goal: maximize}\n"
            + "dataset: {name: fashion-mnist, validation_size: 5000, train_limit: 10000, seed: 42}\n"
            + "model: {type: mlp, hidden_layers: [64]}\n"
            + "parameters:\n  learning_rate: {values: ["
            + lrs
            + "]}\n  epochs: {values: ["
            + epochs
            + "]}\n";
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(api.resolve("/api/sweeps"))
                    .header("Content-Type", "application/yaml")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(yaml))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException(created.statusCode() + " " + created.body());
    }
    return JSON.readTree(created.body()).path("id").asLong();
  }

  private void readBest(URI api, String token, long sweepId) {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(api.resolve("/api/sweeps/" + sweepId + "/best"))
            .header("Authorization", "Bearer " + token)
            .build();
    while (!Thread.currentThread().isInterrupted()) {
      long t = System.nanoTime();
      try {
        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200 && r.statusCode() != 404) {
          errors.incrementAndGet();
        }
        best.add(System.nanoTime() - t);
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        errors.incrementAndGet();
      }
    }
  }

  /** The worker's own client, timing the calls the fleet measures and counting failures. */
  private final class TimedClient extends SweepApiClient {
    TimedClient(URI api, String token) {
      super(api, token, Duration.ofSeconds(30), 8, Duration.ofMillis(200), JSON);
    }

    @Override
    public Optional<JobAssignment> claim(String workerId, Duration wait) {
      long t = System.nanoTime();
      try {
        Optional<JobAssignment> job = super.claim(workerId, wait);
        if (job.isPresent()) {
          claims.add(System.nanoTime() - t);
        }
        return job;
      } catch (RuntimeException e) {
        errors.incrementAndGet();
        throw e;
      }
    }

    // the worker's slots claim through claimGroup: one request, however many jobs it returns
    @Override
    public List<JobAssignment> claimGroup(String workerId, Duration wait, int maxJobs) {
      long t = System.nanoTime();
      try {
        List<JobAssignment> jobs = super.claimGroup(workerId, wait, maxJobs);
        if (!jobs.isEmpty()) {
          claims.add(System.nanoTime() - t);
        }
        return jobs;
      } catch (RuntimeException e) {
        if (!(e.getCause() instanceof InterruptedException)) {
          errors.incrementAndGet(); // not the drain, which interrupts every idle long poll
        }
        throw e;
      }
    }

    @Override
    public LeaseStatus reportEpoch(long jobId, EpochReport report) {
      long t = System.nanoTime();
      try {
        LeaseStatus status = super.reportEpoch(jobId, report);
        reports.add(System.nanoTime() - t);
        acknowledged.add(jobId + "/" + report.epoch());
        return status;
      } catch (RuntimeException e) {
        errors.incrementAndGet();
        throw e;
      }
    }
  }

  /** Latencies in nanoseconds, appended from many threads. */
  private static final class Latencies {
    private final List<Long> values = new ArrayList<>();

    synchronized void add(long nanos) {
      values.add(nanos);
    }

    synchronized long count() {
      return values.size();
    }

    synchronized double percentile(double p) {
      if (values.isEmpty()) {
        return 0;
      }
      List<Long> sorted = new ArrayList<>(values);
      sorted.sort(null);
      return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }
  }
}
