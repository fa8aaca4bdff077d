package dev.sweep.api.job;

import static dev.sweep.api.job.CheckpointSafetyTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code sweep.checkpoints.store=postgres}: checkpoint bytes as 1 MiB rows of {@code
 * checkpoint_blob}, streamed both ways, pruned, capped and cleaned like files.
 */
@TestPropertySource(properties = "sweep.checkpoints.store=postgres")
class PostgresCheckpointStoreTest extends JobApiTest {
  @Autowired CheckpointStore store;
  @Autowired CheckpointJanitor janitor;

  @Test
  void aCheckpointOfSeveralChunksComesBackByteForByteAndNothingIsWrittenAsAFile() {
    assertThat(store).isInstanceOf(PostgresCheckpointStore.class);
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    byte[] bytes = randomBytes(3 * 1024 * 1024 + 17, 1);
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));

    assertThat(upload(row.jobId(), 1, a.leaseToken(), bytes).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<byte[]> latest =
        http.getForEntity(WorkerPaths.LATEST_CHECKPOINT, byte[].class, row.jobId());

    assertThat(latest.getBody()).isEqualTo(bytes);
    assertThat(latest.getHeaders().getFirst(WorkerPaths.SHA256_HEADER)).isEqualTo(sha256(bytes));
    String location =
        jdbc.queryForObject(
            "SELECT location FROM checkpoint WHERE job_id = ?", String.class, row.jobId());
    assertThat(
            jdbc.queryForList(
                "SELECT octet_length(data) FROM checkpoint_blob WHERE location = ? ORDER BY chunk",
                Integer.class,
                location))
        .containsExactly(1 << 20, 1 << 20, 1 << 20, 17);
    assertThat(CHECKPOINTS.resolve(String.valueOf(row.jobId()))).doesNotExist();
  }

  @Test
  void prunedRefusedAndOversizedUploadsLeaveNoRowsBehind() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 6);
    JobAssignment a = claim("w1");
    for (int e = 1; e <= 5; e++) {
      leaseStatus(report(row.jobId(), epoch(a.leaseToken(), e, false)));
      upload(row.jobId(), e, a.leaseToken(), randomBytes(2000, e));
    }
    problem(
        upload(row.jobId(), 6, a.leaseToken(), randomBytes(100, 6), sha256(new byte[] {1})),
        HttpStatus.BAD_REQUEST);
    problem(
        upload(row.jobId(), 6, a.leaseToken(), randomBytes(4 * 1024 * 1024 + 1, 6)),
        HttpStatus.valueOf(413));

    List<String> locations =
        jdbc.queryForList(
            "SELECT DISTINCT location FROM checkpoint_blob ORDER BY location", String.class);
    assertThat(locations)
        .containsExactlyInAnyOrderElementsOf(
            jdbc.queryForList("SELECT location FROM checkpoint", String.class))
        .hasSize(3)
        .noneMatch(l -> l.startsWith("tmp/"));
  }

  @Test
  void theJanitorRemovesAbandonedAndOrphanedBlobs() throws Exception {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    upload(row.jobId(), 1, a.leaseToken(), randomBytes(100, 1));
    Timestamp old = Timestamp.from(JobTestConfig.START.minusSeconds(7200));
    for (String location : List.of("tmp/abandoned", "77/1-orphan.ckpt")) {
      jdbc.update(
          "INSERT INTO checkpoint_blob (location, chunk, data, created_at) VALUES (?, 0, ?, ?)",
          location,
          new byte[] {1},
          old);
    }
    jdbc.update("UPDATE checkpoint_blob SET created_at = ?", old);

    assertThat(janitor.clean(JobTestConfig.START.minusSeconds(3600))).isEqualTo(2);

    assertThat(jdbc.queryForList("SELECT DISTINCT location FROM checkpoint_blob", String.class))
        .containsExactlyElementsOf(
            jdbc.queryForList("SELECT location FROM checkpoint", String.class));
    assertThat(janitor.clean(JobTestConfig.START.plusSeconds(36_000))).isZero();
  }
}
