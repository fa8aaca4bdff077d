package dev.sweep.worker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sweep.contract.HeartbeatRequest;
import dev.sweep.contract.WorkerPaths;
import dev.sweep.worker.support.FakeApi;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SweepApiClientTest {
  private HttpServer server;
  private final List<String> auth = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Responder responder;

  interface Responder {
    void respond(HttpExchange ex, int call) throws IOException;
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getRequestBody().readAllBytes();
            responder.respond(ex, calls.incrementAndGet());
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SweepApiClient client(String token) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new SweepApiClient(
        url, token, Duration.ofSeconds(5), 3, Duration.ofMillis(5), FakeApi.JSON);
  }

  @Test
  void transientFailuresAreRetriedWithTheBearerToken() {
    responder =
        (ex, call) -> {
          if (call < 3) {
            send(ex, 503, "busy");
          } else {
            send(ex, 200, "{\"leaseExpiresAt\":\"2030-01-01T00:00:00Z\",\"cancelRequested\":true}");
          }
        };

    var status = client("tok").heartbeat(4, new HeartbeatRequest(9, 1));

    assertThat(status.cancelRequested()).isTrue();
    assertThat(calls).hasValue(3);
    assertThat(auth).containsOnly("Bearer tok");
  }

  @Test
  void aRetryAfterIsHonouredBeforeTheNextTry() {
    List<Long> at = new CopyOnWriteArrayList<>();
    responder =
        (ex, call) -> {
          at.add(System.nanoTime());
          if (call == 1) {
            ex.getResponseHeaders().add("Retry-After", "1");
            send(ex, 503, "{\"detail\":\"the database is unavailable\"}");
          } else {
            send(
                ex, 200, "{\"leaseExpiresAt\":\"2030-01-01T00:00:00Z\",\"cancelRequested\":false}");
          }
        };

    client("tok").heartbeat(4, new HeartbeatRequest(9, 1));

    assertThat(calls).hasValue(2);
    // the client's own backoff here is 5 ms; the API asked for 1 s
    assertThat(Duration.ofNanos(at.get(1) - at.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void backoffIsJitteredWithinItsUpperHalfAndNeverShorterThanRetryAfter() {
    Retry retry = new Retry(8, Duration.ofMillis(500));
    assertThat(retry.pause(2, java.util.Optional.empty(), 0.0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(retry.pause(2, java.util.Optional.empty(), 0.999))
        .isBetween(Duration.ofMillis(1990), Duration.ofMillis(2000));
    assertThat(retry.pause(20, java.util.Optional.empty(), 0.5))
        .isLessThanOrEqualTo(Retry.MAX_PAUSE);
    assertThat(retry.pause(0, java.util.Optional.of(Duration.ofSeconds(5)), 0.0))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(retry.pause(0, java.util.Optional.of(Duration.ofSeconds(5)), 0.5))
        .isEqualTo(Duration.ofMillis(5500));
  }

  @Test
  void aConflictIsALostLeaseAndIsNotRetried() {
    responder = (ex, call) -> send(ex, 409, "{\"detail\":\"stale lease token\"}");

    assertThatThrownBy(() -> client(null).heartbeat(4, new HeartbeatRequest(9, 1)))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("stale lease token");
    assertThat(calls).hasValue(1);
    assertThat(auth).containsOnly("null");
  }

  @Test
  void aRejectionCarriesTheProblemDetailAndIsNotRetried() {
    responder = (ex, call) -> send(ex, 422, "{\"detail\":\"epoch 9 is beyond the plan\"}");

    assertThatThrownBy(() -> client(null).heartbeat(4, new HeartbeatRequest(9, 1)))
        .isInstanceOf(ApiCallException.class)
        .hasMessageContaining("422")
        .hasMessageContaining("epoch 9 is beyond the plan");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRefusedTokenIsNotRetriedAndSaysWhy() {
    responder =
        (ex, call) ->
            send(
                ex,
                call == 1 ? 401 : 403,
                "{\"status\":401,\"detail\":\"the token is not valid\"}");

    assertThatThrownBy(() -> client("tok\n").claim("w", Duration.ZERO))
        .isInstanceOf(TokenRefusedException.class)
        .hasMessage("claim answered 401: the token is not valid");
    assertThatThrownBy(() -> client("tok").heartbeat(4, new HeartbeatRequest(9, 1)))
        .isInstanceOf(TokenRefusedException.class)
        .hasMessageContaining("403");
    assertThat(calls).hasValue(2);
    assertThat(auth).as("a trailing newline is not sent").containsOnly("Bearer tok");
  }

  @Test
  void persistentServerErrorsGiveUpAfterTheRetries() {
    responder = (ex, call) -> send(ex, 500, "boom");

    assertThatThrownBy(() -> client(null).complete(4, dev.sweep.contract.JobOutcome.ok(9)))
        .isInstanceOf(ApiCallException.class)
        .hasMessageContaining("gave up after 4 tries");
    assertThat(calls).hasValue(4);
  }

  @Test
  void aCheckpointWhoseBytesDoNotMatchItsShaComesBackMarkedNotIntact() {
    byte[] bytes = "checkpoint".getBytes(StandardCharsets.UTF_8);
    responder =
        (ex, call) -> {
          ex.getResponseHeaders().add(WorkerPaths.EPOCH_HEADER, "2");
          ex.getResponseHeaders()
              .add(WorkerPaths.SHA256_HEADER, FakeApi.sha256("other".getBytes()));
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        };

    StoredCheckpoint c = client(null).latestCheckpoint(4, 9).orElseThrow();

    // the runner reports it (with the announced SHA-256) and falls back; see CheckpointRestorer
    assertThat(c.intact()).isFalse();
    assertThat(c.sha256()).isEqualTo(FakeApi.sha256("other".getBytes()));
    assertThat(c.epoch()).isEqualTo(2);
  }

  @Test
  void noCheckpointIsEmpty() {
    responder = (ex, call) -> ex.sendResponseHeaders(404, -1);

    assertThat(client(null).latestCheckpoint(4, 9)).isEmpty();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
