package dev.sweep.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.grid.GridPlanner;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.sweep.Api;
import dev.sweep.api.sweep.Definitions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Expanding and inserting a 10,000-trial grid; goal: under 1 s. Not a test (surefire skips {@code
 * *Bench}); run it with {@code bench/api.sh}.
 */
@ApiIntegrationTest
class SweepCreateBench {
  static final double GOAL_MS = 1000;
  static final int WARMUP = 2;
  static final int RUNS = 5;

  /**
   * 10 x 2 x 2 x 5 x 5 x 5 x 2 = 10,000 trials; folding loss and sharing epochs leaves 1,000 jobs.
   */
  static final String GRID =
      """
      name: bench-10k
      parameters:
        learning_rate: {values: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001]}
        optimizer: {values: [adam, sgd]}
        loss: {values: [nll, cross_entropy]}
        batch_size: {values: [32, 64, 128, 256, 512]}
        epochs: {values: [2, 4, 6, 8, 10]}
        activation: {values: [relu, tanh, sigmoid, gelu, elu]}
        seed: {values: [1, 2]}
      """;

  @Autowired TestRestTemplate rest;
  @Autowired ObjectMapper json;
  @Autowired JdbcTemplate jdbc;

  @Test
  void expandAndInsertTenThousandTrials() {
    TestDatabase.reset(jdbc);
    Api api = new Api(rest, json);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] plan = new long[RUNS];
    long[] planCpu = new long[RUNS];
    for (int i = -WARMUP; i < RUNS; i++) {
      long t0 = System.nanoTime();
      long c0 = threads.getCurrentThreadCpuTime();
      Plan p = GridPlanner.plan(Definitions.yaml(GRID), 100_000);
      long took = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      assertThat(p.trials()).hasSize(10_000);
      assertThat(p.jobs()).hasSize(1000);
      if (i >= 0) {
        plan[i] = took;
        planCpu[i] = cpu;
      }
    }
    long[] post = new long[RUNS];
    for (int i = -WARMUP; i < RUNS; i++) {
      long t0 = System.nanoTime();
      long id = api.create(GRID);
      long took = System.nanoTime() - t0;
      assertThat(
              jdbc.queryForObject("SELECT count(*) FROM trial WHERE sweep_id = ?", Long.class, id))
          .isEqualTo(10_000);
      if (i >= 0) {
        post[i] = took;
      }
    }

    double planMs = BenchStats.percentileMillis(plan, 0.5);
    double planCpuMs = BenchStats.percentileMillis(planCpu, 0.5);
    double postMs = BenchStats.percentileMillis(post, 0.5);
    BenchStats.print(
        String.format(
            "create: 10,000 trials / 1,000 jobs, median of %d runs after %d warm-ups (%s)",
            RUNS, WARMUP, BenchStats.load()));
    BenchStats.print(
        String.format(
            "create:   parse+validate+expand+fold (in process) %8.1f ms wall, %.1f ms CPU",
            planMs, planCpuMs));
    BenchStats.print(
        String.format(
            "create:   POST /api/sweeps end to end (parse, expand, insert in one tx, view) %8.1f ms"
                + "  = %.2f x the %.0f ms goal (%s)",
            postMs, postMs / GOAL_MS, GOAL_MS, postMs < GOAL_MS ? "met" : "MISSED"));
  }
}
