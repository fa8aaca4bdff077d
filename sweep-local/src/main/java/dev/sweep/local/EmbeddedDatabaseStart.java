package dev.sweep.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on its own thread as soon as Spring Boot has read the
 * configuration, before the context exists. Started as an ordinary bean it came late in the refresh
 * (after Tomcat and most of the API's beans), so its initdb or pg_ctl start, several seconds, added
 * to the API's start-up instead of running alongside it.
 *
 * <p>Until the context takes the server ({@link #take}, from {@link EmbeddedDatabaseConfig}'s bean,
 * which Spring then closes after the pool), this object owns it: when the start fails before that,
 * or the JVM is stopped during it, the server is stopped here, so no postmaster is left behind
 * holding the data directory.
 */
final class EmbeddedDatabaseStart implements ApplicationListener<SpringApplicationEvent> {
  static final String BEAN_NAME = "embeddedDatabaseStart";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseStart.class);
  // pg_ctl itself gives up after EmbeddedPostgresServer's 60 s start wait
  private static final Duration STOP_WAIT = Duration.ofSeconds(90);

  /** Where and how to run the server: {@code sweep.embedded-db.*}, with their defaults. */
  record Settings(Path dataDir, int port, String database) {
    static Settings of(Environment env) {
      return new Settings(
          Path.of(
              env.resolveRequiredPlaceholders(
                  "${sweep.embedded-db.dir:${user.home}/.sweep/pgdata}")),
          env.getProperty("sweep.embedded-db.port", Integer.class, 0),
          env.getProperty("sweep.embedded-db.database", "sweep"));
    }
  }

  private final CompletableFuture<EmbeddedPostgresServer> server = new CompletableFuture<>();
  private final Thread stopOnExit = new Thread(() -> abandon(true), "embedded-postgres-stop");
  private boolean started;
  private boolean handedOver;
  private boolean abandoned;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  @Override
  public void onApplicationEvent(SpringApplicationEvent event) {
    if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
      start(Settings.of(prepared.getEnvironment()));
    } else if (event instanceof ApplicationPreparedEvent prepared) {
      prepared.getApplicationContext().getBeanFactory().registerSingleton(BEAN_NAME, this);
    } else if (event instanceof ApplicationFailedEvent) {
      abandon(false);
    }
  }

  /** Starts the server in the background; once per application run. */
  synchronized void start(Settings settings) {
    if (started) {
      return;
    }
    started = true;
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    // not a daemon: a JVM that fails meanwhile still waits for the start, and abandon() stops it
    Thread starter =
        new Thread(
            () -> {
              try {
                server.complete(
                    EmbeddedPostgresServer.start(
                        settings.dataDir(), settings.port(), settings.database()));
              } catch (Throwable e) {
                server.completeExceptionally(e);
              }
            },
            "embedded-postgres-start");
    starter.start();
  }

  /**
   * Waits for the server and hands it to the caller, who closes it from then on.
   *
   * @throws IllegalStateException when it failed to start, or the JVM is stopping
   */
  EmbeddedPostgresServer take() {
    synchronized (this) {
      if (!started) {
        throw new IllegalStateException("the embedded PostgreSQL was never started");
      }
      if (abandoned) {
        throw new IllegalStateException("the application is stopping");
      }
      handedOver = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs but finds the server handed over; the context's close stops it
    }
    try {
      return server.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }

  /** Completes with the running server, or with why it did not start; for tests. */
  CompletableFuture<EmbeddedPostgresServer> server() {
    return server.copy();
  }

  /** Completes once a server this object still owned was stopped after a failed start. */
  CompletableFuture<Void> stopped() {
    return stopped.copy();
  }

  /** Stops the server unless the context took it; waits for that when the JVM is exiting. */
  private void abandon(boolean wait) {
    synchronized (this) {
      boolean owned = started && !handedOver && !abandoned;
      abandoned = true;
      if (!owned) {
        return;
      }
    }
    // runs here if the server is up, else on the starter thread when it comes up; a failed start
    // left nothing to stop
    server.handle(
        (running, failure) -> {
          if (running != null) {
            running.close();
          }
          return stopped.complete(null);
        });
    if (wait) {
      try {
        stopped.get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.warn("The embedded PostgreSQL was not stopped: {}", e.toString());
      }
    }
  }
}
