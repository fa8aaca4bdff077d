package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.api.support.TestTokens;
import dev.sweep.contract.CheckpointRejection;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.WorkerPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 9's checkpoint limits and checks on the file store: the byte cap while streaming, the
 * quarantine of a checkpoint a worker could not restore, the clean-up of orphans, and (issue 10)
 * the model files of epochs that end a trial. The shared context caps uploads at 4 MB.
 */
class CheckpointSafetyTest extends JobApiTest {
  private static final int CAP = 4 * 1024 * 1024;
  @Autowired CheckpointJanitor janitor;

  @Test
  void anUploadOverTheCapIsRefusedWith413AndLeavesNoBytesOrRow() throws Exception {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    byte[] bytes = randomBytes(CAP + 1, 1);

    // with a Content-Length: refused before a byte is read
    JsonNode declared =
        problem(upload(row.jobId(), 1, a.leaseToken(), bytes), HttpStatus.valueOf(413));
    // chunked, no length: cut off while it streams
    HttpResponse<String> chunked = chunkedUpload(row.jobId(), 1, a.leaseToken(), bytes);

    assertThat(declared.path("field").asText()).isEqualTo("body");
    assertThat(declared.path("detail").asText()).contains("sweep.checkpoints.max-bytes");
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json.readTree(chunked.body()).path("field").asText()).isEqualTo("body");
    assertThat(count("SELECT count(*) FROM checkpoint")).isZero();
    assertThat(files(CHECKPOINTS.resolve("tmp"))).isEmpty();
    assertThat(files(CHECKPOINTS.resolve(String.valueOf(row.jobId())))).isEmpty();
    // exactly at the cap is fine
    byte[] atCap = randomBytes(CAP, 2);
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    assertThat(chunkedUpload(row.jobId(), 1, a.leaseToken(), atCap).statusCode()).isEqualTo(204);
    assertThat(latest(row.jobId()).getBody()).isEqualTo(atCap);
  }

  @Test
  void aRejectedCheckpointIsQuarantinedAndTheJobResumesFromThePreviousOne() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    for (int e = 1; e <= 3; e++) {
      leaseStatus(report(row.jobId(), epoch(a.leaseToken(), e, false)));
      upload(row.jobId(), e, a.leaseToken(), randomBytes(100, e));
    }
    String third = sha256(randomBytes(100, 3));

    // a rejection naming other bytes than the row's (a newer upload) changes nothing
    assertThat(reject(row.jobId(), 3, a.leaseToken(), sha256(new byte[] {9})).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(latest(row.jobId()).getHeaders().getFirst(WorkerPaths.EPOCH_HEADER)).isEqualTo("3");
    assertStale(reject(row.jobId(), 3, a.leaseToken() + 1, third));
    assertThat(reject(row.jobId(), 3, a.leaseToken(), third).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(latest(row.jobId()).getHeaders().getFirst(WorkerPaths.EPOCH_HEADER)).isEqualTo("2");
    assertThat(
            jdbc.queryForMap(
                "SELECT quarantine_reason, quarantined_at IS NOT NULL AS q FROM checkpoint"
                    + " WHERE job_id = ? AND epoch = 3",
                row.jobId()))
        .containsEntry("quarantine_reason", "bad bytes")
        .containsEntry("q", true);
    assertThat(job(row.jobId()).get("status")).isEqualTo("RUNNING");
    assertThat(job(row.jobId()).get("attempt")).isEqualTo(1);
    fail(row.jobId(), a.leaseToken(), "node lost", true);
    assertThat(claim("w2").resumeFromEpoch()).isEqualTo(2);
  }

  @Test
  void aNewUploadOfAQuarantinedEpochIsOfferedAgain() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    upload(row.jobId(), 1, a.leaseToken(), randomBytes(100, 1));
    reject(row.jobId(), 1, a.leaseToken(), sha256(randomBytes(100, 1)));
    assertThat(latest(row.jobId()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    upload(row.jobId(), 1, a.leaseToken(), randomBytes(100, 11));

    assertThat(latest(row.jobId()).getBody()).isEqualTo(randomBytes(100, 11));
  }

  @Test
  void checkpointsAtEpochsThatEndATrialAreNotPruned() {
    int keep = 3;
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 6);
    JobAssignment a = claim("w1");
    for (int e = 1; e <= 6; e++) {
      leaseStatus(report(row.jobId(), epoch(a.leaseToken(), e, e == 1 || e == 6)));
      upload(row.jobId(), e, a.leaseToken(), randomBytes(100, e));
    }

    assertThat(
            jdbc.queryForList(
                "SELECT epoch FROM checkpoint WHERE job_id = ? ORDER BY epoch",
                Integer.class,
                row.jobId()))
        .containsExactly(1, 6 - keep + 1, 5, 6);
  }

  @Test
  void theJanitorRemovesOrphansAndAbandonedUploadsButNotWhatARowReferences() throws IOException {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 5);
    JobAssignment a = claim("w1");
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    upload(row.jobId(), 1, a.leaseToken(), randomBytes(100, 1));
    Path orphan = Files.createDirectories(CHECKPOINTS.resolve("4242")).resolve("1-abc.ckpt");
    Files.write(orphan, new byte[] {1, 2});
    Path abandoned = Files.createDirectories(CHECKPOINTS.resolve("tmp")).resolve("upload-1.part");
    Files.write(abandoned, new byte[] {3});
    Path fresh = CHECKPOINTS.resolve("tmp").resolve("upload-2.part");
    Files.write(fresh, new byte[] {4});
    Instant cutoff = Instant.now().minusSeconds(60);
    Files.setLastModifiedTime(orphan, FileTime.from(cutoff.minusSeconds(1)));
    Files.setLastModifiedTime(abandoned, FileTime.from(cutoff.minusSeconds(1)));
    for (Path kept : listFiles(CHECKPOINTS.resolve(String.valueOf(row.jobId())))) {
      Files.setLastModifiedTime(kept, FileTime.from(cutoff.minusSeconds(1)));
    }

    assertThat(janitor.clean(cutoff)).isEqualTo(2);

    assertThat(orphan).doesNotExist();
    assertThat(abandoned).doesNotExist();
    assertThat(fresh).exists();
    assertThat(latest(row.jobId()).getBody()).isEqualTo(randomBytes(100, 1));
  }

  @Test
  void theModelOfATrialIsServedAtItsFinalEpochOnly() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 2, 4);
    JobAssignment a = claim("w1");
    byte[] model = randomBytes(5000, 7);
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 2, true)));

    assertThat(uploadModel(row.jobId(), 2, a.leaseToken(), model).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<byte[]> first =
        http.getForEntity("/api/trials/{id}/model", byte[].class, row.trialIds().get(0));
    ResponseEntity<String> second =
        http.getForEntity("/api/trials/{id}/model", String.class, row.trialIds().get(1));

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(first.getBody()).isEqualTo(model);
    assertThat(first.getHeaders().getContentType().toString()).isEqualTo("application/zip");
    assertThat(first.getHeaders().getFirst(WorkerPaths.SHA256_HEADER)).isEqualTo(sha256(model));
    assertThat(problem(second, HttpStatus.NOT_FOUND).path("detail").asText())
        .contains("no model file");
    problem(
        http.getForEntity("/api/trials/{id}/model", String.class, 424_242), HttpStatus.NOT_FOUND);
    assertThat(
            problem(uploadModel(row.jobId(), 2, a.leaseToken() + 1, model), HttpStatus.CONFLICT)
                .path("detail")
                .asText())
        .isEqualTo("stale lease token");
  }

  private ResponseEntity<String> reject(long jobId, int epoch, long token, String sha256) {
    return post(
        WorkerPaths.CHECKPOINT_REJECTION,
        new CheckpointRejection(token, sha256, "bad bytes"),
        jobId,
        epoch);
  }

  private ResponseEntity<String> uploadModel(long jobId, int epoch, long token, byte[] bytes) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(WorkerPaths.LEASE_TOKEN_HEADER, String.valueOf(token));
    headers.set(WorkerPaths.SHA256_HEADER, sha256(bytes));
    headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
    return http.exchange(
        WorkerPaths.MODEL,
        HttpMethod.PUT,
        new HttpEntity<>(bytes, headers),
        String.class,
        jobId,
        epoch);
  }

  private HttpResponse<String> chunkedUpload(long jobId, int epoch, long token, byte[] bytes)
      throws Exception {
    String path =
        WorkerPaths.CHECKPOINT
            .replace("{jobId}", Long.toString(jobId))
            .replace("{epoch}", Integer.toString(epoch));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
            .header(WorkerPaths.LEASE_TOKEN_HEADER, Long.toString(token))
            .header(WorkerPaths.SHA256_HEADER, sha256(bytes))
            .header(WorkerPaths.AUTHORIZATION_HEADER, TestTokens.bearer(TestTokens.WORKER))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private ResponseEntity<byte[]> latest(long jobId) {
    return http.getForEntity(WorkerPaths.LATEST_CHECKPOINT, byte[].class, jobId);
  }

  private long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.list(dir)) {
      return paths.toList();
    }
  }

  private static List<String> files(Path dir) throws IOException {
    return listFiles(dir).stream().map(p -> p.getFileName().toString()).toList();
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
