package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.SweepApiApplication;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@code sweep export} against a real sweep-api and PostgreSQL (store {@code postgres}): the best
 * trial's model by default, trial N's with {@code --trial}, and readable errors otherwise. The
 * model rows and bytes are inserted as the worker's upload would leave them.
 */
@SpringBootTest(
    classes = SweepApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sweep.checkpoints.store=postgres",
      TestTokens.USER_PROPERTY,
      TestTokens.WORKER_PROPERTY
    })
@ContextConfiguration(initializers = TestPostgres.Initializer.class)
class ExportCommandTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path dir;
  private long sweepId;
  private long best;
  private long second;
  private long unfinished;

  @BeforeEach
  void finishedSweep() {
    TestDatabase.reset(jdbc);
    ResultsFixture f = new ResultsFixture(jdbc);
    sweepId = f.sweep("export").values("learning_rate", 0.01, 0.001).counts(3, 2, 6, 6).insert();
    long jobA = f.job(sweepId, Map.of("learning_rate", 0.01), 2, "SUCCEEDED");
    f.epochs(jobA, 2, e -> new ResultsFixture.Point(1.0 / e, 0.8, 1.0 / e, 0.9));
    best = f.trial(sweepId, jobA, Map.of("learning_rate", 0.01), 2, "SUCCEEDED");
    long jobB = f.job(sweepId, Map.of("learning_rate", 0.001), 3, "RUNNING");
    f.epochs(jobB, 2, e -> new ResultsFixture.Point(1.0 / e, 0.7, 1.0 / e, 0.6));
    second = f.trial(sweepId, jobB, Map.of("learning_rate", 0.001), 2, "SUCCEEDED");
    unfinished = f.trial(sweepId, jobB, Map.of("learning_rate", 0.001, "x", 1), 3, "QUEUED");
    model(jobA, 2, bytes(1));
    model(jobB, 2, bytes(2));
  }

  @Test
  void theBestTrialsModelIsSavedByDefaultAndTrialNsWithTrial() throws IOException {
    Path out = dir.resolve("best.zip");

    Result r = cli("export", String.valueOf(sweepId), "-o", out.toString());
    Result n =
        cli(
            "export",
            String.valueOf(sweepId),
            "--trial",
            "" + second,
            "-o",
            "" + dir.resolve("n.zip"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("trial #" + best).contains(out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(bytes(1));
    assertThat(n.exitCode()).as(n.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("n.zip"))).isEqualTo(bytes(2));
  }

  @Test
  void aTrialWithoutAModelOrOfAnotherSweepIsAReadableErrorAndWritesNothing() throws IOException {
    Path out = dir.resolve("none.zip");

    Result none = cli("export", "" + sweepId, "--trial", "" + unfinished, "-o", out.toString());
    Result other = cli("export", "" + (sweepId + 1), "--trial", "" + best, "-o", out.toString());

    assertThat(none.exitCode()).isEqualTo(CliException.API);
    assertThat(none.err()).startsWith("sweep: ").contains("no model file");
    assertThat(other.exitCode()).isEqualTo(CliException.API);
    assertThat(other.err()).contains("belongs to sweep #" + sweepId);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  /** What the API's PostgreSQL store holds after a worker's model upload. */
  private void model(long jobId, int epoch, byte[] bytes) {
    String location = jobId + "/model-" + epoch + ".zip";
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "INSERT INTO checkpoint_blob (location, chunk, data, created_at) VALUES (?, 0, ?, ?)",
        location,
        bytes,
        now);
    jdbc.update(
        "INSERT INTO trial_model (job_id, epoch, sha256, size_bytes, location, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        jobId,
        epoch,
        "0".repeat(64),
        bytes.length,
        location,
        now);
  }

  private static byte[] bytes(long seed) {
    byte[] b = new byte[10_000];
    new Random(seed).nextBytes(b);
    return b;
  }

  record Result(int exitCode, String out, String err) {}

  private Result cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--api";
    all[args.length + 1] = "http://localhost:" + port;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SweepCli.execute(
            all,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of(ApiOptions.TOKEN_VARIABLE, TestTokens.USER));
    return new Result(code, out.toString(), err.toString());
  }
}
