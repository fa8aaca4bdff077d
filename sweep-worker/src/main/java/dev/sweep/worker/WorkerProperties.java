package dev.sweep.worker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of sweep-worker, bound from {@code sweep.*} or the matching {@code SWEEP_*}
 * environment variables (relaxed binding), so compose and Kubernetes use the same names.
 *
 * @param api where the API lives ({@code SWEEP_API_URL}, {@code SWEEP_API_TOKEN})
 * @param worker slots and timing ({@code SWEEP_WORKER_SLOTS}, ...)
 * @param data where Fashion-MNIST is found ({@code SWEEP_DATA_DIR}, {@code SWEEP_DATA_CACHE_DIR})
 * @param simulate train nothing ({@code --simulate}, {@code SWEEP_SIMULATE_ENABLED})
 */
@ConfigurationProperties("sweep")
public record WorkerProperties(
    @DefaultValue Api api,
    @DefaultValue Worker worker,
    @DefaultValue Data data,
    @DefaultValue Simulate simulate) {

  /** The one constructor Spring binds: with two, it found none and the worker did not start. */
  @ConstructorBinding
  public WorkerProperties {}

  /** The three settings records as before simulation existed; simulation off. */
  public WorkerProperties(Api api, Worker worker, Data data) {
    this(api, worker, data, new Simulate(false, Duration.ofSeconds(2)));
  }

  /**
   * @param url base URL of sweep-api
   * @param token optional shared secret, sent as a bearer token
   * @param requestTimeout per request; a claim's long poll adds its wait on top
   * @param maxRetries transient failures (connection errors, 5xx, 429) retried this many times
   * @param retryBackoff first pause between retries; doubles each time
   */
  public record Api(
      @DefaultValue("http://localhost:8080") URI url,
      String token,
      @DefaultValue("30s") Duration requestTimeout,
      @DefaultValue("8") int maxRetries,
      @DefaultValue("500ms") Duration retryBackoff) {}

  /**
   * @param slots jobs trained at once, each on its own thread; null means one per core
   * @param poll false keeps the claim loop from starting (tests, CLI reuse of the beans)
   * @param id worker id sent at registration; null means hostname plus a random suffix
   * @param claimWait how long a claim may long-poll an empty queue
   * @param heartbeatInterval overrides the interval the API asks for at registration
   * @param idleBackoff pause after an error in the claim loop
   * @param maxGroup the most jobs of a fusion group a slot claims and trains as one computation
   *     (memory grows with it); 1 claims single jobs
   * @param checkpointEvery a job's checkpoint is uploaded after the first epoch that ends this long
   *     after the previous upload, and always before a release, so a lost lease costs at most about
   *     this much training; never after its last epoch, whose report completes the job (nothing
   *     resumes from it); 0 uploads after every other epoch. See the README's "Checkpoints" for the
   *     measurement behind the default
   */
  public record Worker(
      Integer slots,
      @DefaultValue("true") boolean poll,
      String id,
      @DefaultValue("20s") Duration claimWait,
      Duration heartbeatInterval,
      @DefaultValue("5s") Duration idleBackoff,
      @DefaultValue("64") int maxGroup,
      @DefaultValue("60s") Duration checkpointEvery) {

    /** The one constructor Spring binds. */
    @ConstructorBinding
    public Worker {
      if (maxGroup < 1) {
        throw new IllegalArgumentException("sweep.worker.max-group must be at least 1");
      }
      if (checkpointEvery == null || checkpointEvery.isNegative()) {
        checkpointEvery = Duration.ofSeconds(60);
      }
    }

    /** Settings built by hand (tests): groups of up to 64, a checkpoint every 60 s. */
    public Worker(
        Integer slots,
        boolean poll,
        String id,
        Duration claimWait,
        Duration heartbeatInterval,
        Duration idleBackoff) {
      this(slots, poll, id, claimWait, heartbeatInterval, idleBackoff, 64, Duration.ofSeconds(60));
    }

    public int effectiveSlots() {
      return slots == null ? Runtime.getRuntime().availableProcessors() : slots;
    }
  }

  /**
   * @param dir a directory with the four IDX files (.gz or plain), tried first
   * @param cacheDir where the files are downloaded when neither {@code dir} nor the Debian package
   *     has them; {@code ~/.sweep/datasets/fashion-mnist} when not set
   * @param downloadUrl base URL of the official Fashion-MNIST files
   */
  public record Data(
      Path dir,
      Path cacheDir,
      @DefaultValue("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")
          URI downloadUrl) {

    public Data {
      // not a @DefaultValue: Boot does not resolve placeholders such as ${user.home} there
      if (cacheDir == null) {
        cacheDir = Path.of(System.getProperty("user.home"), ".sweep", "datasets", "fashion-mnist");
      }
    }
  }

  /**
   * @param enabled true: jobs are not trained; each epoch waits {@code epochTime} and reports a
   *     synthetic curve seeded by the job's config, through the same claim, heartbeat, checkpoint
   *     and report calls as real training (load tests: {@code bench/fleet.sh}). DL4J and the
   *     dataset are never loaded.
   * @param epochTime how long one simulated epoch takes
   */
  public record Simulate(
      @DefaultValue("false") boolean enabled, @DefaultValue("2s") Duration epochTime) {}
}
