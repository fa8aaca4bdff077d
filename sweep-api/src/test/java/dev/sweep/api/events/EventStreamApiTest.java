package dev.sweep.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.job.JobClaimer;
import dev.sweep.api.job.JobFixtures;
import dev.sweep.api.job.JobLifecycle;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@ApiIntegrationTest
@TestPropertySource(
    properties = {
      "sweep.events.heartbeat=300ms",
      "sweep.events.poll-interval=100ms",
      // generous, so a slow machine does not pass the hole before the test commits it
      "sweep.events.gap-wait=5s"
    })
class EventStreamApiTest {
  @Autowired JdbcTemplate jdbc;
  @Autowired EventLog log;
  @Autowired EventStreams streams;
  @Autowired TransactionTemplate tx;
  @Autowired DataSource dataSource;
  @Autowired JobClaimer claimer;
  @Autowired JobLifecycle lifecycle;
  @Autowired ObjectMapper json;
  @LocalServerPort int port;
  ResultsFixture fx;
  long sweep;
  long other;
  SseProbe probe;

  @BeforeEach
  void seed() {
    TestDatabase.reset(jdbc);
    fx = new ResultsFixture(jdbc);
    sweep = fx.sweep("watched").status("RUNNING").insert();
    other = fx.sweep("other").status("RUNNING").insert();
  }

  @AfterEach
  void close() {
    if (probe != null) {
      probe.close();
    }
  }

  String url(long id) {
    return "http://localhost:" + port + "/api/sweeps/" + id + "/events";
  }

  @Test
  void replaysAfterLastEventIdThenStreamsNewEventsLive() {
    long first = fx.event(sweep, "job", "{\"jobId\":1,\"status\":\"RUNNING\"}");
    long second = fx.event(sweep, "epoch", "{\"jobId\":1,\"epoch\":1,\"valAccuracy\":0.8}");
    fx.event(other, "job", "{\"jobId\":9,\"status\":\"RUNNING\"}");
    long third = fx.event(sweep, "epoch", "{\"jobId\":1,\"epoch\":2,\"valAccuracy\":0.85}");

    probe = new SseProbe(url(sweep), Map.of("Last-Event-ID", Long.toString(first)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(probe.ids())
                    .containsExactly(Long.toString(second), Long.toString(third)));
    assertThat(probe.status).isEqualTo(200);
    assertThat(probe.contentType).startsWith("text/event-stream");
    assertThat(probe.events.get(0).name()).isEqualTo("epoch");
    assertThat(probe.events.get(0).data())
        .isEqualTo("{\"epoch\": 1, \"jobId\": 1, \"valAccuracy\": 0.8}");

    // appended the way the control plane does it: inside the transaction that makes the change
    tx.executeWithoutResult(
        s -> log.append(sweep, "trial", Map.of("trialId", 7, "status", "SUCCEEDED")));
    fx.event(other, "trial", "{\"trialId\":99}");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probe.events).hasSize(3));
    SseProbe.Event live = probe.events.get(2);
    assertThat(live.name()).isEqualTo("trial");
    assertThat(live.data()).contains("\"trialId\": 7").contains("SUCCEEDED");
    assertThat(Long.parseLong(live.id())).isGreaterThan(third);
  }

  @Test
  void aClaimIsStreamedAsItsJobEventFollowedByARunningEventForEachOfItsTrials() {
    JobFixtures.JobRow row = watchedJob("?lastEventId=0");

    claimer.claim("w1").orElseThrow();
    lifecycle.cancelSweep(row.sweepId());

    awaitEvents("job", "trial", "trial", "sweep", "job");
    // one stored row for the claim; only the last event sent for it carries its id, so a
    // client cut off in between is sent all of them again
    assertThat(probe.ids().subList(0, 2)).containsOnlyNulls();
    assertThat(probe.ids().subList(2, 5)).doesNotContainNull();
    assertThat(probe.events.subList(1, 3))
        .extracting(e -> read(e.data()))
        .extracting(e -> e.path("trialId").asLong(), e -> e.path("status").asText())
        .containsExactly(
            tuple(row.trialIds().get(0), "RUNNING"), tuple(row.trialIds().get(1), "RUNNING"));
    // the running job is asked to stop; its trials keep RUNNING until it lets go
    assertThat(read(probe.events.get(4).data()).path("cancelRequested").asBoolean()).isTrue();
  }

  @Test
  void cancellingQueuedJobsStreamsACancelledEventForEachOfTheirTrials() {
    JobFixtures.JobRow row = watchedJob("");

    lifecycle.cancelSweep(row.sweepId());

    awaitEvents("job", "trial", "trial", "sweep");
    assertThat(read(probe.events.get(0).data()).path("status").asText()).isEqualTo("CANCELLED");
    assertThat(probe.events.subList(1, 3))
        .extracting(e -> read(e.data()))
        .extracting(e -> e.path("trialId").asLong(), e -> e.path("status").asText())
        .containsExactlyInAnyOrder(
            tuple(row.trialIds().get(0), "CANCELLED"), tuple(row.trialIds().get(1), "CANCELLED"));
    assertThat(probe.ids()).doesNotContainNull();
  }

  /** A queued job of two trials in a new sweep, whose stream is open. */
  private JobFixtures.JobRow watchedJob(String query) {
    JobFixtures jobs = new JobFixtures(jdbc);
    JobFixtures.JobRow row = jobs.job(jobs.sweep(), 2, 5);
    probe = new SseProbe(url(row.sweepId()) + query, Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
    return row;
  }

  private void awaitEvents(String... names) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(probe.events).extracting(SseProbe.Event::name).containsExactly(names));
  }

  private JsonNode read(String data) {
    try {
      return json.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void queryParameterReplaysLikeTheHeaderAndZeroReplaysEverything() {
    long first = fx.event(sweep, "job", "{\"n\":1}");
    long second = fx.event(sweep, "job", "{\"n\":2}");
    probe = new SseProbe(url(sweep) + "?lastEventId=0", Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(probe.ids())
                    .containsExactly(Long.toString(first), Long.toString(second)));
  }

  @Test
  void withoutLastEventIdOnlyNewEventsArriveAndHeartbeatsKeepTheStreamBusy() {
    fx.event(sweep, "job", "{\"old\":true}");
    probe = new SseProbe(url(sweep), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.comments.contains("heartbeat"));
    long fresh = fx.event(sweep, "sweep", "{\"status\":\"SUCCEEDED\"}");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(probe.ids()).containsExactly(Long.toString(fresh)));
  }

  /** Takes an event id in a transaction that stays open until the caller commits or rolls back. */
  Connection openTransactionWithEvent() throws Exception {
    Connection slow = dataSource.getConnection();
    slow.setAutoCommit(false);
    try (PreparedStatement insert =
        slow.prepareStatement(
            "INSERT INTO sweep_event (sweep_id, type, payload, created_at)"
                + " VALUES (?, 'job', '{\"slow\": true}', now())")) {
      insert.setLong(1, sweep);
      insert.executeUpdate();
    }
    return slow;
  }

  void openQuietStream() {
    probe = new SseProbe(url(sweep), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.comments.contains("heartbeat"));
  }

  @Test
  void anEventCommittedAheadOfAnOpenTransactionWaitsForItSoIdsStayInOrder() throws Exception {
    openQuietStream();
    try (Connection slow = openTransactionWithEvent()) {
      fx.event(sweep, "job", "{\"fast\": true}");
      // the later id is committed but held back while the earlier one may still commit
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(2))
          .until(() -> probe.events.isEmpty());
      slow.commit();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(probe.events)
                    .extracting(SseProbe.Event::data)
                    .containsExactly("{\"slow\": true}", "{\"fast\": true}"));
    assertThat(Long.parseLong(probe.ids().get(0))).isLessThan(Long.parseLong(probe.ids().get(1)));
  }

  @Test
  void aRolledBackIdStopsHoldingLaterEventsAfterTheGapWait() throws Exception {
    openQuietStream();
    long fast;
    try (Connection slow = openTransactionWithEvent()) {
      fast = fx.event(sweep, "job", "{\"fast\": true}");
      slow.rollback();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(probe.ids()).containsExactly(Long.toString(fast)));
  }

  @Test
  void aClosedClientIsDroppedOnTheNextWrite() {
    probe = new SseProbe(url(sweep), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> !probe.comments.isEmpty());
    probe.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 0);
  }

  @Test
  void unknownSweepIs404AndABadLastEventIdIs400() {
    probe = new SseProbe(url(4242), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.status == 404);
    assertThat(probe.contentType).contains("problem+json");
    probe.close();
    probe = new SseProbe(url(sweep), Map.of("Last-Event-ID", "abc"));
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.status == 400);
  }
}
