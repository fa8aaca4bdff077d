package dev.sweep.api.bench;

import dev.sweep.api.job.JobClaimer;
import dev.sweep.api.job.JobFixtures;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestTokens;
import dev.sweep.contract.WorkerPaths;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claim throughput with 32 concurrent claimers, against the goal of 1,000 claims/s. Not a test: it
 * asserts nothing about speed and runs only when asked for ({@code -Dtest='*Bench'}). It prints its
 * figures and appends them to {@code target/bench/claim.txt}. Besides claims/s it prints the CPU
 * one claim costs, which a busy shared machine does not distort (see {@link CpuMeter}).
 *
 * <ul>
 *   <li>direct: 32 threads call {@link JobClaimer} (the SKIP LOCKED claim with its trials and its
 *       job event in one statement, and the worker's last-seen time) until 20,000 queued jobs are
 *       gone;
 *   <li>in-tx: the same inside a transaction of the application's transaction manager (JPA), as
 *       claims ran before they committed on their own, to compare in the same run;
 *   <li>http: 32 threads POST {@link WorkerPaths#CLAIM} until 5,000 more are gone, so JSON and
 *       Tomcat are included (and the HTTP client's own CPU, as it runs in this JVM).
 * </ul>
 *
 * Jobs serve 8 trials each, as in the seed grid (4 epoch counts x 2 equivalent losses); one direct
 * run uses one-trial jobs to compare. A claim writes no trial row and no trial event (a trial's
 * RUNNING is derived from its job), so the trial count costs only their read.
 */
@ApiIntegrationTest
// leases must outlive the run, or the reaper would hand out jobs a second time on a slow machine
@TestPropertySource(
    properties = {
      "sweep.reaper-interval=1h",
      "sweep.lease.duration=1h",
      // the production default (tests elsewhere write on every claim)
      "sweep.queue.seen-write=5s",
      // 32 claimers on a pool that grows from 2 connections: on a loaded machine the 2 s default
      // wait for a connection ran out during the warm-up (measured at load average 20); in ms
      "spring.datasource.hikari.connection-timeout=30000"
    })
class ClaimBench {
  static final double GOAL = 1_000;
  static final int CLAIMERS = 32;
  static final int TRIALS_PER_JOB = 8;

  @Autowired JdbcTemplate jdbc;
  @Autowired JobClaimer claimer;
  @Autowired TransactionTemplate tx;
  @LocalServerPort int port;

  interface Claim {
    /** Claims one job; false when the queue is empty. */
    boolean next(String worker) throws Exception;
  }

  @Test
  void claimThroughput() throws Exception {
    TestDatabase.reset(jdbc);
    JobFixtures fixtures = new JobFixtures(jdbc);
    // warm-up: JIT, connection pool, plan cache
    fixtures.queue(fixtures.sweep(), 1_000, TRIALS_PER_JOB, 50);
    run("warm-up", 1_000, w -> claimer.claim(w).isPresent());

    TestDatabase.reset(jdbc);
    fixtures.queue(fixtures.sweep(), 20_000, TRIALS_PER_JOB, 50);
    jdbc.execute("ANALYZE job");
    jdbc.execute("ANALYZE trial");
    String direct = run("direct", 20_000, w -> claimer.claim(w).isPresent());

    // A against B in one run: the same claim inside a transaction of the application's (JPA)
    // transaction manager, as every claim ran before it committed on its own
    TestDatabase.reset(jdbc);
    fixtures.queue(fixtures.sweep(), 20_000, TRIALS_PER_JOB, 50);
    jdbc.execute("ANALYZE job");
    jdbc.execute("ANALYZE trial");
    String inTx = run("in-tx", 20_000, w -> tx.execute(s -> claimer.claim(w)).isPresent());
    String txRatio =
        String.format(
            "claim direct/in-tx: %.2fx claims/s, %.2fx CPU per claim",
            rate(direct) / rate(inTx), cpu(direct) / cpu(inTx));
    System.out.println(txRatio);

    // A against B in one run: a worker id never seen before on every claim writes its worker row
    // every time, as every claim did before sweep.queue.seen-write (and as a large fleet whose
    // workers each claim rarely still does)
    TestDatabase.reset(jdbc);
    fixtures.queue(fixtures.sweep(), 20_000, TRIALS_PER_JOB, 50);
    jdbc.execute("ANALYZE job");
    jdbc.execute("ANALYZE trial");
    AtomicLong fresh = new AtomicLong();
    String everySeen =
        run("seen-all", 20_000, w -> claimer.claim(w + "-" + fresh.incrementAndGet()).isPresent());
    String ratio =
        String.format(
            "claim direct/seen-all: %.2fx claims/s, %.2fx CPU per claim",
            rate(direct) / rate(everySeen), cpu(direct) / cpu(everySeen));
    System.out.println(ratio);

    TestDatabase.reset(jdbc);
    fixtures.queue(fixtures.sweep(), 10_000, 1, 50);
    jdbc.execute("ANALYZE job");
    jdbc.execute("ANALYZE trial");
    String single = run("direct", 10_000, 1, w -> claimer.claim(w).isPresent());

    TestDatabase.reset(jdbc);
    fixtures.queue(fixtures.sweep(), 5_000, TRIALS_PER_JOB, 50);
    jdbc.execute("ANALYZE job");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI claimUri = URI.create("http://127.0.0.1:" + port + WorkerPaths.CLAIM);
    String http =
        run(
            "http",
            5_000,
            w -> {
              HttpRequest request =
                  HttpRequest.newBuilder(claimUri)
                      .header("Content-Type", "application/json")
                      .header("Authorization", TestTokens.bearer(TestTokens.WORKER))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"workerId\":\"" + w + "\",\"waitMillis\":0}"))
                      .build();
              HttpResponse<String> response =
                  client.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200 && response.statusCode() != 204) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
              }
              return response.statusCode() == 200;
            });
    record(direct, inTx, txRatio, everySeen, ratio, single, http);
  }

  private String run(String name, int jobs, Claim claim) throws Exception {
    return run(name, jobs, TRIALS_PER_JOB, claim);
  }

  private String run(String name, int jobs, int trialsPerJob, Claim claim) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
    AtomicLong claimed = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    CpuMeter cpu = new CpuMeter(jdbc);
    double jvmStart = cpu.jvmSeconds();
    double pgStart = cpu.backendSeconds();
    long start = System.nanoTime();
    try {
      List<Future<long[]>> running = new ArrayList<>();
      for (int i = 0; i < CLAIMERS; i++) {
        String worker = "bench-" + i;
        running.add(
            pool.submit(
                () -> {
                  long[] mine = new long[jobs];
                  int n = 0;
                  while (true) {
                    long t = System.nanoTime();
                    if (!claim.next(worker)) {
                      return Arrays.copyOf(mine, n);
                    }
                    mine[n++] = System.nanoTime() - t;
                    claimed.incrementAndGet();
                  }
                }));
      }
      for (Future<long[]> f : running) {
        latencies.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double jvmPerClaim = (cpu.jvmSeconds() - jvmStart) / jobs;
    double pgPerClaim = (cpu.backendSeconds() - pgStart) / jobs;
    double cpuPerClaim = jvmPerClaim + pgPerClaim;
    int cores = Runtime.getRuntime().availableProcessors();
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    if (claimed.get() != jobs) {
      throw new IllegalStateException(name + ": claimed " + claimed.get() + " of " + jobs);
    }
    double rate = jobs / seconds;
    String line =
        String.format(
            "claim %-7s %2d claimers, %,6d jobs x %d trials: %7.0f claims/s in %5.2f s"
                + " (goal %.0f/s, ratio %.2fx); latency p50 %.1f ms, p99 %.1f ms;"
                + " load %.1f; CPU %.2f ms/claim (JVM %.2f + PostgreSQL %.2f), %d idle cores"
                + " would do"
                + " <= %.0f claims/s",
            name,
            CLAIMERS,
            jobs,
            trialsPerJob,
            rate,
            seconds,
            GOAL,
            rate / GOAL,
            percentile(all, 0.50),
            percentile(all, 0.99),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            cpuPerClaim * 1e3,
            jvmPerClaim * 1e3,
            pgPerClaim * 1e3,
            cores,
            cores / cpuPerClaim);
    System.out.println(line);
    return line;
  }

  private static double rate(String line) {
    return number(line, "([0-9]+) claims/s in");
  }

  private static double cpu(String line) {
    return number(line, "CPU ([0-9.]+) ms/claim");
  }

  private static double number(String line, String regex) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(line);
    if (!m.find()) {
      throw new IllegalStateException(regex + " not in " + line);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
  }

  private static void record(String... lines) throws IOException {
    Path out = Path.of("target", "bench", "claim.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, List.of(lines), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
