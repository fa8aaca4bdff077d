package dev.sweep.api.outage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The API's clock, following the database's: this JVM's time plus the offset to PostgreSQL's {@code
 * clock_timestamp()}, measured at start and every {@link #REFRESH}. Lease expiries are written and
 * compared in the database, so several API replicas (or one whose host clock jumps) agree on when a
 * lease ends. While the database is unreachable the last offset is kept.
 */
public final class DatabaseClock extends Clock {
  static final Duration REFRESH = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

  private final JdbcTemplate jdbc;
  private final Clock local;
  private volatile Duration offset = Duration.ZERO;

  public DatabaseClock(JdbcTemplate jdbc, Clock local) {
    this.jdbc = jdbc;
    this.local = local;
    refresh();
  }

  /** Measures the offset; a round trip's middle is taken as the moment the database read. */
  @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
  public void refresh() {
    try {
      Instant before = local.instant();
      Timestamp db = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
      Instant after = local.instant();
      Instant mid = before.plus(Duration.between(before, after).dividedBy(2));
      Duration measured = Duration.between(mid, db.toInstant());
      if (measured.abs().compareTo(Duration.ofSeconds(1)) > 0
          && measured.minus(offset).abs().compareTo(Duration.ofSeconds(1)) > 0) {
        log.warn(
            "this host's clock is {} off the database's; following the database",
            measured.negated());
      }
      offset = measured;
    } catch (RuntimeException e) {
      log.debug("database clock not read ({}); keeping offset {}", e.toString(), offset);
    }
  }

  Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return local.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
