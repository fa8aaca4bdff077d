package dev.sweep.api.outage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Since when the service (this API and its database) has been up without a break. A worker can only
 * renew its lease while both are up, so a lease may only be taken back once it had a full lease
 * duration of up time to be renewed in: {@link #upFor}. Breaks are an API start, a database call
 * that failed as an outage ({@link #down}), and a pause of this process that the reaper notices
 * (SIGSTOP, a VM suspended, a long GC).
 */
@Component
public class ServiceUptime {
  private static final Logger log = LoggerFactory.getLogger(ServiceUptime.class);

  private final Clock clock;
  private final AtomicReference<Instant> upSince;
  private final AtomicBoolean down = new AtomicBoolean();

  public ServiceUptime(Clock clock) {
    this.clock = clock;
    this.upSince = new AtomicReference<>(clock.instant());
  }

  /** A database call failed as an outage: the service is down until {@link #up} says otherwise. */
  public void down(Throwable why) {
    if (down.compareAndSet(false, true)) {
      log.warn(
          "database unreachable ({}); leases will not expire until it is back", why.toString());
    }
  }

  /** A database call succeeded: if the service was down, it is up again from now. */
  public void up() {
    if (down.compareAndSet(true, false)) {
      restart("the database is reachable again");
    }
  }

  /** The process was paused (or the service otherwise interrupted): up time starts again now. */
  public void restart(String why) {
    Instant now = clock.instant();
    upSince.set(now);
    log.info("{}: no lease expires before {} has passed with the service up", why, now);
  }

  /** Whether the service has been up, without a break, for at least {@code duration} by now. */
  public boolean upFor(Duration duration) {
    return !down.get() && !clock.instant().isBefore(upSince.get().plus(duration));
  }

  /** When the current stretch of up time began. */
  public Instant upSince() {
    return upSince.get();
  }

  /** For tests that move the clock: up since {@code instant}. */
  public void upSince(Instant instant) {
    down.set(false);
    upSince.set(instant);
  }
}
