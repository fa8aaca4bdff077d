package dev.sweep.api.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of sweep-api, bound from {@code sweep.*} (or {@code SWEEP_*} environment
 * variables).
 *
 * @param maxTrials a definition that expands to more trials is rejected before any row is written
 * @param maxAttempts a job whose run failed or whose lease expired this many times is FAILED
 * @param lease how long a claim lives without a heartbeat, and how often workers should beat
 * @param reaperInterval how often expired leases are looked for
 * @param claimMaxWait the longest a claim may long-poll on an empty queue
 * @param checkpoints where checkpoint bytes are stored and how many are kept per job
 * @param workerToken {@code SWEEP_WORKER_TOKEN}: a worker token the operator hands the API; stored
 *     (hashed) at start-up, so workers can send it as {@code SWEEP_API_TOKEN}
 * @param events Server-Sent Events of sweep progress
 * @param userToken {@code SWEEP_USER_TOKEN}: a user token the operator hands the API; stored
 *     (hashed) at start-up, so the CLI can send it as {@code SWEEP_TOKEN}
 * @param auth who may call what
 * @param limits caps on what a definition and a job may ask for; exceeding one is a 4xx
 * @param outage how the API behaves while its database is unreachable
 * @param metrics what /actuator/prometheus reads from the database, and how often
 * @param queue how claims long-poll and how API instances wake each other
 * @param search how {@code method: bayes} sweeps create their trials
 * @param fusion how jobs are grouped to train fused on one worker slot
 */
@ConfigurationProperties("sweep")
public record SweepProperties(
    @DefaultValue("100000") int maxTrials,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue Lease lease,
    @DefaultValue("5s") Duration reaperInterval,
    @DefaultValue("20s") Duration claimMaxWait,
    @DefaultValue Checkpoints checkpoints,
    String workerToken,
    @DefaultValue Events events,
    String userToken,
    @DefaultValue Auth auth,
    @DefaultValue Limits limits,
    @DefaultValue Outage outage,
    @DefaultValue Metrics metrics,
    @DefaultValue Queue queue,
    @DefaultValue Search search,
    @DefaultValue Fusion fusion) {

  /** The one constructor Spring binds; the shorter one below exists for code written before. */
  @ConstructorBinding
  public SweepProperties {}

  /** Properties built by hand (tests), with the default event-stream settings. */
  public SweepProperties(
      int maxTrials,
      int maxAttempts,
      Lease lease,
      Duration reaperInterval,
      Duration claimMaxWait,
      Checkpoints checkpoints,
      String workerToken) {
    this(
        maxTrials,
        maxAttempts,
        lease,
        reaperInterval,
        claimMaxWait,
        checkpoints,
        workerToken,
        new Events(
            Duration.ofMillis(500),
            Duration.ofSeconds(15),
            Duration.ofMinutes(30),
            Duration.ofSeconds(2)),
        null,
        new Auth(true, true, Duration.ofSeconds(10)),
        Limits.DEFAULTS,
        Outage.DEFAULTS,
        new Metrics(Duration.ofSeconds(5)),
        new Queue(true, Duration.ofMillis(250), Duration.ofSeconds(5)),
        new Search(2),
        new Fusion(Fusion.DEFAULT_MAX_TRIALS));
  }

  /**
   * @param duration lease lifetime from the last claim or heartbeat
   * @param heartbeatInterval what workers are told to use; well under {@code duration}
   */
  public record Lease(
      @DefaultValue("60s") Duration duration, @DefaultValue("10s") Duration heartbeatInterval) {}

  /**
   * @param dir filesystem directory for checkpoint files ({@code store: file})
   * @param keep newest checkpoints kept per job; older ones are deleted, except those at epochs
   *     that end a trial
   * @param store {@code file} (files under {@code dir}; one API process, the local launcher) or
   *     {@code postgres} (chunked rows in the API's database, which every API replica reaches: the
   *     setting for compose and Kubernetes)
   * @param maxBytes largest checkpoint or model upload; a larger body is cut off while it streams
   *     and answered 413, and nothing of it is kept
   * @param cleanupInterval how often orphaned and abandoned temporary checkpoint bytes are removed
   *     (also once at start-up)
   * @param tempMaxAge an upload's temporary bytes, or stored bytes no row refers to, are removed
   *     only once they are this old, so an upload still streaming or committing is left alone
   */
  public record Checkpoints(
      @DefaultValue("${user.home}/.sweep/checkpoints") Path dir,
      @DefaultValue("3") int keep,
      @DefaultValue("file") Store store,
      @DefaultValue("256MB") DataSize maxBytes,
      @DefaultValue("10m") Duration cleanupInterval,
      @DefaultValue("1h") Duration tempMaxAge) {

    /** The binding constructor. */
    @ConstructorBinding
    public Checkpoints {}

    /** Hand-built settings (tests) with the other defaults. */
    public Checkpoints(Path dir, int keep) {
      this(
          dir,
          keep,
          Store.FILE,
          DataSize.ofMegabytes(256),
          Duration.ofMinutes(10),
          Duration.ofHours(1));
    }

    /** Where checkpoint and model bytes are kept. */
    public enum Store {
      FILE,
      POSTGRES
    }
  }

  /**
   * @param pollInterval how often the one shared poller reads new rows of {@code sweep_event}
   * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
   * @param timeout how long one stream lives; browsers reconnect with Last-Event-ID
   * @param gapWait how long a hole in the event ids (a transaction not yet committed) holds back
   *     later events before it is treated as rolled back
   */
  public record Events(
      @DefaultValue("500ms") Duration pollInterval,
      @DefaultValue("15s") Duration heartbeat,
      @DefaultValue("30m") Duration timeout,
      @DefaultValue("2s") Duration gapWait) {}

  /**
   * @param enabled false opens every endpoint to anyone (an explicit opt-out; a warning is logged)
   * @param publicRead true lets anyone read sweeps, results and the dashboard; false needs a user
   *     token (or the dashboard's sign-in cookie) for reads too
   * @param cacheTtl how long a checked token is trusted without asking the database again; a
   *     revocation reaches other API replicas within this time
   */
  public record Auth(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("true") boolean publicRead,
      @DefaultValue("10s") Duration cacheTtl) {}

  /**
   * Caps that keep one definition or one job from taking the service down. Each answers a 4xx
   * problem+json naming the field when exceeded.
   *
   * @param definitionBody largest sweep definition body, counted while it streams in (413 past it)
   * @param epochs largest {@code epochs} value a trial may ask for (400 past it)
   * @param modelParameters largest estimated parameter count of one model (400 past it)
   * @param activationMemory largest estimated activation memory of one training batch, forward and
   *     backward (400 past it)
   * @param epochWallTime longest one epoch of a job may run; past it the API fails the job, not
   *     retryable, with the reason. Enforced by the reaper from the job's epoch start
   */
  public record Limits(
      @DefaultValue("1MB") DataSize definitionBody,
      @DefaultValue("1000") int epochs,
      @DefaultValue("20000000") long modelParameters,
      @DefaultValue("1GB") DataSize activationMemory,
      @DefaultValue("30m") Duration epochWallTime) {
    public static final Limits DEFAULTS =
        new Limits(
            DataSize.ofMegabytes(1),
            1000,
            20_000_000,
            DataSize.ofGigabytes(1),
            Duration.ofMinutes(30));
  }

  /**
   * @param retryAfter the {@code Retry-After} sent with a 503 while the database is unreachable
   */
  public record Outage(@DefaultValue("5s") Duration retryAfter) {
    public static final Outage DEFAULTS = new Outage(Duration.ofSeconds(5));
  }

  /**
   * @param gaugeRefresh the queue depth ({@code sweep_jobs}) and live worker ({@code
   *     sweep_workers_live}) gauges count rows; a scrape within this time of the last count reuses
   *     it, so several scrapers (or a fast one) cost one count per interval
   */
  public record Metrics(@DefaultValue("5s") Duration gaugeRefresh) {}

  /**
   * @param crossInstance true: queuing jobs sends a PostgreSQL {@code NOTIFY}, and every API
   *     instance listening on the database wakes its long-polling claims at once, so a worker
   *     waiting on one instance gets a job queued through another without waiting for the poll
   *     below
   * @param poll how often a long-polling claim looks at the queue again without a wake-up (a missed
   *     notification, or a job re-queued by code that does not signal)
   * @param seenWrite a claim records the worker's {@code last_seen_at} only when this instance last
   *     wrote it at least this long ago (by the injected clock); liveness is judged over a whole
   *     lease, so a few seconds of lag cost nothing, and a busy worker's claims skip a row write
   *     each. Zero writes on every claim.
   */
  public record Queue(
      @DefaultValue("true") boolean crossInstance,
      @DefaultValue("250ms") Duration poll,
      @DefaultValue("5s") Duration seenWrite) {}

  /**
   * @param pendingTrials a bayes sweep keeps this many unfinished trials ahead of its workers:
   *     created at submission, and topped up in the transaction that ends a trial. A claim that
   *     finds the queue empty samples one more (constant liar over the running ones), so more
   *     workers than this still all get work; fewer pending trials let each proposal see more
   *     results
   */
  public record Search(@DefaultValue("2") int pendingTrials) {}

  /**
   * @param maxTrials the most jobs (each with its trials) the planner puts in one fusion group,
   *     which one worker slot claims and trains as one computation; 1 turns fusion off for every
   *     sweep. The default is where bench/worker.sh measured the gain levelling off on 2 CPU cores
   *     (see the README's "Fused trials"); a GPU worker gains from many more (the README's "GPU")
   */
  public record Fusion(@DefaultValue("4") int maxTrials) {
    public static final int DEFAULT_MAX_TRIALS = 4;

    public Fusion {
      if (maxTrials < 1) {
        throw new IllegalArgumentException("sweep.fusion.max-trials must be at least 1");
      }
    }
  }
}
