package dev.sweep.api.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
        new Fusion(Fusion.DEFAULT_MAX_TRIALS));
  }

  /**
   * @param duration lease lifetime from the last claim or heartbeat
   * @param heartbeatInterval what workers are told to use; well under {@code duration}
   */
  public record Lease(
      @DefaultValue("60s") Duration duration, @DefaultValue("10s") Duration heartbeatInterval) {}

  /**
   * @param dir filesystem directory for checkpoint files
   * @param keep newest checkpoints kept per job; older ones are deleted
   */
  public record Checkpoints(
      @DefaultValue("${user.home}/.sweep/checkpoints") Path dir, @DefaultValue("3") int keep) {}

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
