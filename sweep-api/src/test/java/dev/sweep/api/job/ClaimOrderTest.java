package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.grid.PlannedWork;
import dev.sweep.api.sweep.Api;
import dev.sweep.contract.JobAssignment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The queue hands out the most planned work first ({@link PlannedWork}), for sweeps created through
 * the API: batch size and activation count, not only epochs; equal work goes out oldest first.
 */
class ClaimOrderTest extends JobApiTest {
  @Autowired JobClaimer claimer;

  static String grid(String name, String extra, String parameters) {
    return "name: "
        + name
        + "\nmethod: grid\nmetric: {name: val_accuracy, goal: maximize}\n"
        + "dataset: {train_limit: 1000}\n"
        + extra
        + "parameters:\n"
        + parameters;
  }

  Api api() {
    return new Api(http, json);
  }

  /** Claims groups until the queue is empty, as "batch/activation" per job, in claim order. */
  List<List<JobAssignment>> claimAll() {
    List<List<JobAssignment>> claims = new ArrayList<>();
    List<JobAssignment> next;
    while (!(next = claimer.claimGroup("w", 4)).isEmpty()) {
      claims.add(next);
    }
    return claims;
  }

  static String shape(JobAssignment j) {
    return j.config().batchSize() + "/" + j.config().activation() + "/" + j.plannedEpochs();
  }

  @Test
  void batch64GroupsGoFirstThoughTheGridListsBatch256First() {
    long sweep =
        api()
            .create(
                grid(
                    "order",
                    "",
                    """
                      batch_size: {values: [256, 64]}
                      activation: {values: [relu, tanh]}
                      learning_rate: {values: [0.01, 0.001]}
                      epochs: {value: 3}
                    """));
    // by id (the order before planned work) a batch-256 group would go first
    assertThat(
            jdbc.queryForObject(
                "SELECT (config->>'batch_size')::int FROM job WHERE sweep_id = ? ORDER BY id"
                    + " LIMIT 1",
                Integer.class,
                sweep))
        .isEqualTo(256);

    List<List<JobAssignment>> claims = claimAll();

    assertThat(claims)
        .extracting(group -> group.stream().map(ClaimOrderTest::shape).distinct().toList())
        .containsExactly(
            List.of("64/tanh/3"),
            List.of("64/relu/3"),
            List.of("256/tanh/3"),
            List.of("256/relu/3"));
    for (List<JobAssignment> group : claims) {
      assertThat(group).hasSize(2);
      // equal work inside a group: oldest first
      assertThat(group.get(0).jobId()).isLessThan(group.get(1).jobId());
      for (JobAssignment j : group) {
        assertThat((Double) job(j.jobId()).get("planned_work"))
            .isEqualTo(PlannedWork.of(j.config(), 3));
      }
    }
  }

  @Test
  void equalWorkGoesOutOldestFirst() {
    api()
        .create(
            grid(
                "alone",
                "fusion: false\n",
                """
                  learning_rate: {values: [0.01, 0.001, 0.0001]}
                  epochs: {value: 2}
                """));

    List<Long> ids = claimAll().stream().map(g -> g.get(0).jobId()).toList();

    assertThat(ids).hasSize(3).isSorted();
  }

  @Test
  void moreEpochsStillGoFirstWhenAllElseIsEqualAndWorkDecidesOtherwise() {
    String shape =
        """
          learning_rate: {values: [0.01]}
          batch_size: {values: [%d]}
          epochs: {value: %d}
        """;
    long short64 = api().create(grid("short64", "", shape.formatted(64, 2)));
    long long256 = api().create(grid("long256", "", shape.formatted(256, 5)));
    long short256 = api().create(grid("short256", "", shape.formatted(256, 3)));

    List<Long> sweeps = claimAll().stream().map(g -> g.get(0).sweepId()).toList();

    // work: 256 x 5 epochs = 5 units, 64 x 2 = 4, 256 x 3 = 3 (an epoch at 64 costs two at 256)
    assertThat(sweeps).containsExactly(long256, short64, short256);
  }
}
