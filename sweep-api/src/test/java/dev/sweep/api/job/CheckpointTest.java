package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class CheckpointTest extends JobApiTest {
  @Autowired SweepProperties props;

  @Test
  void anUploadedCheckpointComesBackByteForByteWithItsEpochAndChecksum() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    byte[] bytes = randomBytes(3 * 1024 * 1024 + 17, 1);
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));

    assertThat(upload(row.jobId(), 1, a.leaseToken(), bytes).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<byte[]> latest = latest(row.jobId());

    assertThat(latest.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(latest.getBody()).isEqualTo(bytes);
    assertThat(latest.getHeaders().getFirst(WorkerPaths.EPOCH_HEADER)).isEqualTo("1");
    assertThat(latest.getHeaders().getFirst(WorkerPaths.SHA256_HEADER)).isEqualTo(sha256(bytes));
    assertThat(latest.getHeaders().getContentLength()).isEqualTo(bytes.length);
    assertThat(
            jdbc.queryForMap(
                "SELECT sha256, size_bytes FROM checkpoint WHERE job_id = ?", row.jobId()))
        .containsEntry("sha256", sha256(bytes))
        .containsEntry("size_bytes", (long) bytes.length);
  }

  @Test
  void onlyACheckpointOfAReportedEpochIsOfferedForResuming() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    upload(row.jobId(), 1, a.leaseToken(), randomBytes(100, 1));
    // epoch 2 was checkpointed, but its metrics never arrived: resuming there would skip them
    upload(row.jobId(), 2, a.leaseToken(), randomBytes(100, 2));

    assertThat(latest(row.jobId()).getHeaders().getFirst(WorkerPaths.EPOCH_HEADER)).isEqualTo("1");
    fail(row.jobId(), a.leaseToken(), "out of memory", true);
    assertThat(claim("w2").resumeFromEpoch()).isEqualTo(1);
  }

  @Test
  void aRetriedJobResumesFromItsNewestCheckpointAndServesOnlyUnfinishedTrials() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 2, 4);
    JobAssignment a = claim("w1");
    assertThat(a.resumeFromEpoch()).isZero();
    for (int e = 1; e <= 3; e++) {
      leaseStatus(report(row.jobId(), epoch(a.leaseToken(), e, e == 2)));
      upload(row.jobId(), e, a.leaseToken(), randomBytes(64, e));
    }
    fail(row.jobId(), a.leaseToken(), "node lost", true);

    JobAssignment b = claim("w2");

    assertThat(b.resumeFromEpoch()).isEqualTo(3);
    assertThat(b.trials()).extracting("trialId").containsExactly(row.trialIds().get(1));
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "RUNNING");
  }

  @Test
  void aChecksumMismatchIsRefusedAndLeavesNothingBehind() throws IOException {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    byte[] bytes = randomBytes(10_000, 3);

    JsonNode problem =
        problem(
            upload(row.jobId(), 1, a.leaseToken(), bytes, sha256(new byte[] {1})),
            HttpStatus.BAD_REQUEST);

    assertThat(problem.path("field").asText()).isEqualTo(WorkerPaths.SHA256_HEADER);
    assertThat(problem.path("detail").asText()).contains("mismatch").contains(sha256(bytes));
    assertThat(count("SELECT count(*) FROM checkpoint")).isZero();
    assertThat(files(CHECKPOINTS.resolve(String.valueOf(row.jobId())))).isEmpty();
    assertThat(files(CHECKPOINTS.resolve("tmp"))).isEmpty();
    assertThat(
            problem(
                    upload(row.jobId(), 1, a.leaseToken(), bytes, "not-a-sha"),
                    HttpStatus.BAD_REQUEST)
                .path("field")
                .asText())
        .isEqualTo(WorkerPaths.SHA256_HEADER);
  }

  @Test
  void onlyTheNewestCheckpointsAreKeptPerJob() throws IOException {
    int keep = props.checkpoints().keep();
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), keep + 2);
    JobAssignment a = claim("w1");
    for (int e = 1; e <= keep + 2; e++) {
      leaseStatus(report(row.jobId(), epoch(a.leaseToken(), e, e == keep + 2)));
      assertThat(upload(row.jobId(), e, a.leaseToken(), randomBytes(1000, e)).getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
    }

    List<Integer> kept =
        jdbc.queryForList(
            "SELECT epoch FROM checkpoint WHERE job_id = ? ORDER BY epoch",
            Integer.class,
            row.jobId());
    assertThat(kept).hasSize(keep).startsWith(3).endsWith(keep + 2);
    assertThat(files(CHECKPOINTS.resolve(String.valueOf(row.jobId()))))
        .hasSize(keep)
        .allMatch(name -> !name.startsWith("1-") && !name.startsWith("2-"));
    assertThat(latest(row.jobId()).getBody()).isEqualTo(randomBytes(1000, keep + 2));
  }

  @Test
  void staleTokensUnknownJobsAndMissingCheckpointsAreRefused() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");

    assertStale(upload(row.jobId(), 1, a.leaseToken() + 1, randomBytes(10, 1)));
    assertThat(count("SELECT count(*) FROM checkpoint")).isZero();
    assertThat(byteProblem(latest(row.jobId()), HttpStatus.NOT_FOUND).path("detail").asText())
        .contains("no checkpoint");
    byteProblem(latest(424_242), HttpStatus.NOT_FOUND);
    problem(upload(424_242, 1, a.leaseToken(), randomBytes(10, 1)), HttpStatus.NOT_FOUND);
    assertThat(
            problem(
                    upload(row.jobId(), 6, a.leaseToken(), randomBytes(10, 1)),
                    HttpStatus.BAD_REQUEST)
                .path("field")
                .asText())
        .isEqualTo("epoch");
  }

  private ResponseEntity<byte[]> latest(long jobId) {
    return http.getForEntity(WorkerPaths.LATEST_CHECKPOINT, byte[].class, jobId);
  }

  /** JobApiTest's problem() reads a String body; re-wrap a byte body for it. */
  private JsonNode byteProblem(ResponseEntity<byte[]> response, HttpStatus status) {
    return problem(
        ResponseEntity.status(response.getStatusCode())
            .headers(response.getHeaders())
            .body(response.getBody() == null ? null : new String(response.getBody())),
        status);
  }

  private long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  private static List<String> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.list(dir)) {
      return paths.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
