package dev.sweep.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.contract.EpochReport;
import dev.sweep.contract.JobAssignment;
import dev.sweep.contract.LeaseStatus;
import dev.sweep.contract.TestMetrics;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

class EpochReportTest extends JobApiTest {

  @Test
  void eachTrialFinishesAtItsOwnEpochWithThatEpochsMetrics() {
    // two trials of 3 epochs share the job, as nll and cross_entropy do after folding
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 2, 3, 3);
    JobAssignment a = claim("w1");
    assertThat(a.plannedEpochs()).isEqualTo(3);

    LeaseStatus status = leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 1, false)));
    assertThat(status.cancelRequested()).isFalse();
    assertThat(trialStatuses(row.jobId())).containsOnly("RUNNING");

    clock.advance(Duration.ofSeconds(20));
    EpochReport second = epoch(a.leaseToken(), 2, true);
    status = leaseStatus(report(row.jobId(), second));
    assertThat(status.leaseExpiresAt()).isEqualTo(clock.instant().plusSeconds(60));

    Map<String, Object> shortTrial =
        jdbc.queryForMap("SELECT * FROM trial WHERE id = ?", row.trialIds().get(0));
    assertThat(shortTrial)
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("train_loss", second.trainLoss())
        .containsEntry("train_accuracy", second.trainAccuracy())
        .containsEntry("val_loss", second.valLoss())
        .containsEntry("val_accuracy", second.valAccuracy())
        .containsEntry("test_loss", second.test().loss())
        .containsEntry("test_accuracy", second.test().accuracy())
        .containsEntry("finished_at", Timestamp.from(clock.instant()));
    assertThat(trialStatuses(row.jobId())).containsExactly("SUCCEEDED", "RUNNING", "RUNNING");
    assertThat(job(row.jobId()))
        .containsEntry("current_epoch", 2)
        .containsEntry("status", "RUNNING");

    JsonNode epochEvent = events(row.sweepId(), "epoch").get(1);
    assertThat(epochEvent.path("jobId").asLong()).isEqualTo(row.jobId());
    assertThat(epochEvent.path("epoch").asInt()).isEqualTo(2);
    assertThat(epochEvent.path("valAccuracy").asDouble()).isEqualTo(second.valAccuracy());
    assertThat(epochEvent.path("samplesPerSecond").asDouble()).isEqualTo(13_000);
    assertThat(epochEvent.path("trialIds"))
        .extracting(JsonNode::asLong)
        .containsExactlyElementsOf(row.trialIds());
    JsonNode finished = last(events(row.sweepId(), "trial"));
    assertThat(finished.path("trialId").asLong()).isEqualTo(row.trialIds().get(0));
    assertThat(finished.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(finished.path("testAccuracy").asDouble()).isEqualTo(second.test().accuracy());

    leaseStatus(report(row.jobId(), epoch(a.leaseToken(), 3, true)));
    assertThat(trialStatuses(row.jobId())).containsOnly("SUCCEEDED");
    assertThat(
            jdbc.queryForList(
                "SELECT val_accuracy FROM trial WHERE job_id = ? ORDER BY id",
                Double.class,
                row.jobId()))
        .containsExactly(
            second.valAccuracy(),
            epoch(a.leaseToken(), 3, true).valAccuracy(),
            epoch(a.leaseToken(), 3, true).valAccuracy());
  }

  @Test
  void anEpochWithoutValidationStoresNullValMetricsForTheEpochTheTrialAndTheEvent() {
    // a job of a validation_size 0 sweep: every image trained, nothing was validated
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1);
    JobAssignment a = claim("w1");
    EpochReport only = withoutVal(epoch(a.leaseToken(), 1, true), null, null);

    assertThat(leaseStatus(report(row.jobId(), only)).pruned()).isFalse();

    assertThat(
            jdbc.queryForMap(
                "SELECT train_accuracy, val_loss, val_accuracy FROM epoch_metric WHERE job_id = ?",
                row.jobId()))
        .containsEntry("train_accuracy", only.trainAccuracy())
        .containsEntry("val_loss", null)
        .containsEntry("val_accuracy", null);
    assertThat(jdbc.queryForMap("SELECT * FROM trial WHERE id = ?", row.trialIds().get(0)))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("train_accuracy", only.trainAccuracy())
        .containsEntry("val_loss", null)
        .containsEntry("val_accuracy", null)
        .containsEntry("test_accuracy", only.test().accuracy());
    // the API writes JSON without nulls: no value, rather than 0 or NaN
    JsonNode epochEvent = events(row.sweepId(), "epoch").get(0);
    assertThat(epochEvent.path("trainLoss").isNumber()).isTrue();
    assertThat(epochEvent.path("valLoss").isNumber()).isFalse();
    assertThat(epochEvent.path("valAccuracy").isNumber()).isFalse();
    JsonNode trialEvent = last(events(row.sweepId(), "trial"));
    assertThat(trialEvent.path("valAccuracy").isNumber()).isFalse();
    assertThat(trialEvent.path("trainAccuracy").asDouble()).isEqualTo(only.trainAccuracy());
  }

  @Test
  void aRepeatedEpochIsAcceptedAndChangesNothing() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 2);
    JobAssignment a = claim("w1");
    EpochReport first = epoch(a.leaseToken(), 1, true);
    leaseStatus(report(row.jobId(), first));
    String before = without(everything(row.jobId()), "lease_expires_at");

    EpochReport different =
        new EpochReport(a.leaseToken(), 1, 9, 0.1, 9.0, 0.1, 1, 1, new TestMetrics(9, 0.1), false);
    assertThat(report(row.jobId(), different).getStatusCode()).isEqualTo(HttpStatus.OK);

    assertThat(without(everything(row.jobId()), "lease_expires_at")).isEqualTo(before);
    assertThat(
            jdbc.queryForObject(
                "SELECT train_loss FROM epoch_metric WHERE job_id = ?", Double.class, row.jobId()))
        .isEqualTo(first.trainLoss());
  }

  @Test
  void testMetricsAreRequiredWhereATrialEndsAndTheRefusedReportWritesNothing() {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 1, 2);
    JobAssignment a = claim("w1");
    String before = everything(row.jobId());

    JsonNode problem =
        problem(report(row.jobId(), epoch(a.leaseToken(), 1, false)), HttpStatus.BAD_REQUEST);

    assertThat(problem.path("field").asText()).isEqualTo("test");
    assertThat(everything(row.jobId())).isEqualTo(before);
  }

  static Stream<Arguments> invalidReports() {
    return Stream.of(
        bad("epoch", r -> with(r, Map.of("epoch", 0))),
        bad("epoch", r -> with(r, Map.of("epoch", 4))),
        bad("trainLoss", r -> with(r, Map.of("trainLoss", Double.NaN))),
        bad("trainLoss", r -> with(r, Map.of("trainLoss", -0.5))),
        bad("trainAccuracy", r -> with(r, Map.of("trainAccuracy", 1.5))),
        bad("valLoss", r -> with(r, Map.of("valLoss", Double.POSITIVE_INFINITY))),
        bad("valAccuracy", r -> with(r, Map.of("valAccuracy", -0.1))),
        // without validation images both are null; one alone is a broken report
        bad("valAccuracy", r -> withoutVal(r, r.valLoss(), null)),
        bad("valLoss", r -> withoutVal(r, null, r.valAccuracy())),
        bad("seconds", r -> with(r, Map.of("seconds", -1.0))),
        bad("samplesPerSecond", r -> with(r, Map.of("samplesPerSecond", Double.NaN))),
        bad("test.loss", r -> with(r, Map.of("test", new TestMetrics(Double.NaN, 0.5)))),
        bad("test.accuracy", r -> with(r, Map.of("test", new TestMetrics(0.3, 1.01)))),
        // the job plans 3 epochs: only the report of epoch 3 may complete it
        bad("complete", r -> with(r, Map.of("complete", true))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidReports")
  void invalidValuesAreRefusedWith400NamingTheField(
      String field, UnaryOperator<EpochReport> breakIt) {
    JobFixtures.JobRow row = fixtures.job(fixtures.sweep(), 3);
    JobAssignment a = claim("w1");
    String before = everything(row.jobId());

    JsonNode problem =
        problem(
            report(row.jobId(), breakIt.apply(epoch(a.leaseToken(), 1, true))),
            HttpStatus.BAD_REQUEST);

    assertThat(problem.path("field").asText()).isEqualTo(field);
    assertThat(problem.path("detail").asText()).contains(field);
    assertThat(everything(row.jobId())).isEqualTo(before);
  }

  private static JsonNode last(List<JsonNode> nodes) {
    return nodes.get(nodes.size() - 1);
  }

  private static Arguments bad(String field, UnaryOperator<EpochReport> breakIt) {
    return Arguments.of(field, breakIt);
  }

  private static EpochReport with(EpochReport r, Map<String, Object> change) {
    return new EpochReport(
        r.leaseToken(),
        (int) change.getOrDefault("epoch", r.epoch()),
        (double) change.getOrDefault("trainLoss", r.trainLoss()),
        (double) change.getOrDefault("trainAccuracy", r.trainAccuracy()),
        (Double) change.getOrDefault("valLoss", r.valLoss()),
        (Double) change.getOrDefault("valAccuracy", r.valAccuracy()),
        (double) change.getOrDefault("seconds", r.seconds()),
        (double) change.getOrDefault("samplesPerSecond", r.samplesPerSecond()),
        (TestMetrics) change.getOrDefault("test", r.test()),
        (boolean) change.getOrDefault("complete", r.complete()));
  }

  private static EpochReport withoutVal(EpochReport r, Double valLoss, Double valAccuracy) {
    return new EpochReport(
        r.leaseToken(),
        r.epoch(),
        r.trainLoss(),
        r.trainAccuracy(),
        valLoss,
        valAccuracy,
        r.seconds(),
        r.samplesPerSecond(),
        r.test(),
        r.complete());
  }

  /** The snapshot with one job column's value blanked (a repeat still extends the lease). */
  private static String without(String snapshot, String column) {
    return snapshot.replaceAll(column + "=[^,}]*", column + "=?");
  }
}
