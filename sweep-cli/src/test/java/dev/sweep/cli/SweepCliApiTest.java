package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sweep.api.SweepApiApplication;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestPostgres;
import dev.sweep.api.support.TestTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The CLI against a real sweep-api and PostgreSQL: re-running a file resumes its sweep instead of
 * duplicating it, bad definitions come back as one readable line naming the field, and a sweep that
 * ends is summarised. No worker runs here, so jobs stay queued unless cancelled. The CLI sends the
 * test user token as SWEEP_TOKEN unless a test says otherwise.
 */
@SpringBootTest(
    classes = SweepApiApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sweep.checkpoints.dir=${java.io.tmpdir}/sweep-cli-test-checkpoints",
      TestTokens.USER_PROPERTY,
      TestTokens.WORKER_PROPERTY
    })
@ContextConfiguration(initializers = TestPostgres.Initializer.class)
class SweepCliApiTest {
  private static final Path GRIDS = Path.of("..", "grids");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.reset(jdbc);
  }

  private String api() {
    return "http://localhost:" + port;
  }

  @Test
  void submittingTheSameFileTwiceResumesTheFirstSweep() {
    ApiClient client = new ApiClient(api(), TestTokens.USER);
    Path quick = GRIDS.resolve("quick.yaml");

    Submitter.Submission first = Submitter.submit(client, quick, false);
    Submitter.Submission second = Submitter.submit(client, quick, false);

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.sweep().id()).isEqualTo(first.sweep().id());
    assertThat(second.reason()).isEqualTo("resuming unfinished sweep #" + first.sweep().id());
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isEqualTo(1L);
    assertThat(first.plan())
        .as("quick.yaml exercises prefix sharing and folding")
        .satisfies(
            p -> {
              assertThat(p.trials()).isEqualTo(32);
              assertThat(p.jobs()).isEqualTo(8);
              assertThat(p.epochsNaive()).isEqualTo(112);
              assertThat(p.epochsPlanned()).isEqualTo(40);
            });
  }

  @Test
  void forceNewAndCancelledSweepsStartAFreshSweep() {
    ApiClient client = new ApiClient(api(), TestTokens.USER);
    Path quick = GRIDS.resolve("quick.yaml");
    long first = Submitter.submit(client, quick, false).sweep().id();

    long forced = Submitter.submit(client, quick, true).sweep().id();
    assertThat(forced).isNotEqualTo(first);

    cancel(first);
    cancel(forced);
    Submitter.Submission afterCancel = Submitter.submit(client, quick, false);
    assertThat(afterCancel.created()).isTrue();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isEqualTo(3L);
  }

  @Test
  void runWatchesUntilTheSweepEndsThenSummarises() throws Exception {
    // no worker here: the sweep ends because the user cancels it while the CLI watches
    CompletableFuture<Result> run =
        CompletableFuture.supplyAsync(
            () ->
                cli(
                    "run",
                    GRIDS.resolve("quick.yaml").toString(),
                    "--progress=plain",
                    "--api",
                    api()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class) == 1L);
    long id = jdbc.queryForObject("SELECT id FROM sweep", Long.class);
    cancel(id);

    Result r = run.get(60, TimeUnit.SECONDS);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("quick.yaml: 32 trials in 8 jobs, 40 epochs instead of 112 (64% saved)")
        .contains(
            "fused: 8 jobs in 2 groups of 4 (each group trains as one computation on one slot)")
        .contains("created sweep #" + id)
        .contains("sweep #" + id + " CANCELLED, 32/32 trials")
        .contains("Top 0 by val_accuracy (maximize)")
        .contains("Dashboard: " + api() + "/sweeps/" + id)
        .contains("API:       " + api() + "/api/sweeps/" + id);
    assertThat(r.err()).contains("sweep #" + id + " ended CANCELLED");
  }

  @Test
  void statusAndListShowTheSweep() {
    long id =
        Submitter.submit(new ApiClient(api(), TestTokens.USER), GRIDS.resolve("quick.yaml"), false)
            .sweep()
            .id();

    Result status = cli("status", String.valueOf(id), "--api", api());
    Result list = cli("list", "--api", api());
    Result best = cli("best", String.valueOf(id), "--api", api());

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("sweep #" + id + " quick: QUEUED")
        .contains("trials   32: 0 succeeded, 0 running, 32 queued")
        .contains("epochs   40 planned instead of 112 naive (64% saved)");
    assertThat(list.out()).containsPattern(id + " +quick +QUEUED +32");
    assertThat(best.exitCode()).isEqualTo(1);
    assertThat(best.err()).contains("sweep #" + id + " has no finished trial yet");
  }

  @Test
  void unknownSweepIsAReadableError() {
    Result r = cli("status", "987654", "--api", api());

    assertThat(r.exitCode()).isEqualTo(CliException.API);
    assertThat(r.err()).startsWith("sweep: ").contains("404").doesNotContain("Exception");
  }

  @Test
  void withoutAUserTokenTheCliSaysWhichTokenToSet() {
    Result none =
        cli(
            Map.of(),
            new StringWriter(),
            "run",
            GRIDS.resolve("quick.yaml").toString(),
            "--api",
            api());
    Result worker =
        cli(
            Map.of(ApiOptions.TOKEN_VARIABLE, TestTokens.WORKER),
            new StringWriter(),
            "run",
            GRIDS.resolve("quick.yaml").toString(),
            "--api",
            api());

    assertThat(none.exitCode()).isEqualTo(CliException.AUTH);
    assertThat(none.err())
        .contains("401")
        .contains("Set SWEEP_TOKEN to a user token")
        .doesNotContain("Exception");
    assertThat(worker.exitCode()).isEqualTo(CliException.AUTH);
    assertThat(worker.err()).contains("403").contains("SWEEP_TOKEN must be a user token");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isZero();
  }

  @Test
  void tokensAreCreatedShownOnceListedWithoutSecretsAndRevoked() throws Exception {
    Result created =
        cli("token", "create", "--role", "worker", "--name", "gpu box", "--api", api());

    assertThat(created.exitCode()).as(created.err()).isZero();
    String token = created.out().strip();
    assertThat(token).startsWith("sweep_worker_").doesNotContain("\n");
    assertThat(created.err()).contains("created worker token").contains("shown only now");
    assertThat(registerAs(token)).isEqualTo(200);

    Result list = cli("token", "list", "--api", api());
    assertThat(list.out())
        .contains("gpu box")
        .contains(token.substring(0, 17) + "…")
        .doesNotContain(token)
        .containsPattern("SWEEP_USER_TOKEN +bootstrap");
    long id =
        jdbc.queryForObject("SELECT max(id) FROM api_token WHERE name = 'gpu box'", Long.class);

    Result revoked = cli("token", "revoke", String.valueOf(id), "--api", api());

    assertThat(revoked.out()).contains("revoked token " + id);
    assertThat(registerAs(token)).isEqualTo(401);
    assertThat(cli("token", "create", "--role", "admin", "--api", api()).exitCode())
        .isEqualTo(CliException.INPUT);
  }

  @Test
  void runSaysWhenTheApiRefusesWorkers() throws Exception {
    StringWriter out = new StringWriter();
    CompletableFuture<Result> run =
        CompletableFuture.supplyAsync(
            () ->
                cli(
                    Map.of(ApiOptions.TOKEN_VARIABLE, TestTokens.USER),
                    out,
                    "run",
                    GRIDS.resolve("quick.yaml").toString(),
                    "--progress=plain",
                    "--api",
                    api()));
    // the watcher has asked about workers once it printed its first progress line
    await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains(" QUEUED, "));

    assertThat(registerAs("a-wrong-token")).isEqualTo(401);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> out.toString().contains("no worker is alive: the API refused"));
    cancel(jdbc.queryForObject("SELECT id FROM sweep", Long.class));
    Result r = run.get(60, TimeUnit.SECONDS);
    assertThat(r.out())
        .contains("the API refused 1 worker call(s)")
        .contains("(401: the token is not valid: it is unknown or was revoked)")
        .contains("Workers need a worker token in SWEEP_API_TOKEN");
  }

  private int registerAs(String token) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api() + "/api/worker/register"))
                .header("Authorization", TestTokens.bearer(token))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"workerId\":\"cli-test\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static Stream<Path> invalidDefinitions() throws IOException {
    return Files.list(GRIDS.resolve("invalid"))
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted();
  }

  /**
   * Each file in grids/invalid carries {@code # expect-field:} (empty when the body does not even
   * parse) and {@code # expect-detail:} headers; the CLI must show both on one line.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDefinitions")
  void invalidDefinitionsAreOneReadableLineNamingTheField(Path file) throws IOException {
    List<String> header = Files.readAllLines(file);
    String field = expectation(header, "expect-field");
    String detail = expectation(header, "expect-detail");

    Result r = cli("run", file.toString(), "--api", api());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(CliException.API);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .contains("[400 from POST /api/sweeps]")
        .contains(detail)
        .doesNotContain("Exception");
    if (!field.isEmpty()) {
      assertThat(r.err()).contains("(field: " + field + ")");
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class)).isZero();
  }

  private static String expectation(List<String> lines, String key) {
    return lines.stream()
        .filter(l -> l.startsWith("# " + key + ":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '# " + key + ":' header"));
  }

  private void cancel(long id) {
    int status =
        java.net.http.HttpClient.newHttpClient()
            .sendAsync(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api() + "/api/sweeps/" + id + "/cancel"))
                    .header("Authorization", TestTokens.bearer(TestTokens.USER))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding())
            .join()
            .statusCode();
    assertThat(status).isBetween(200, 299);
  }

  record Result(int exitCode, String out, String err) {}

  private static Result cli(String... args) {
    return cli(Map.of(ApiOptions.TOKEN_VARIABLE, TestTokens.USER), new StringWriter(), args);
  }

  /** Output goes to {@code out} as it is written, so a test can wait for a line. */
  private static Result cli(Map<String, String> env, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    int code = SweepCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Result(code, out.toString(), err.toString());
  }
}
