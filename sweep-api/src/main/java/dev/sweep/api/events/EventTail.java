package dev.sweep.api.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Follows {@code sweep_event} in id order and says which rows are settled. Ids come from one
 * sequence but transactions commit in any order: id 11 can be visible while id 10's transaction is
 * still open. Rows are therefore released only up to the first hole; a hole that stays open longer
 * than {@code gapWait} is taken for a rollback and passed, but remembered for a minute so a slow
 * transaction's row is still delivered, late, if it does commit.
 */
final class EventTail {
  private static final int BATCH = 1000;
  private static final long REMEMBER_NANOS = Duration.ofMinutes(1).toNanos();
  private static final int MAX_REMEMBERED = 10_000;
  static final RowMapper<EventRow> ROW =
      (rs, i) ->
          new EventRow(
              rs.getLong("id"),
              rs.getLong("sweep_id"),
              rs.getString("type"),
              rs.getString("payload"));

  private final JdbcTemplate jdbc;
  private final long gapWaitNanos;
  private final Map<Long, Long> skipped = new LinkedHashMap<>();
  private boolean started;
  private boolean restarted;
  private long horizon;
  private long gapSeenAt = -1;

  EventTail(JdbcTemplate jdbc, Duration gapWait) {
    this.jdbc = jdbc;
    this.gapWaitNanos = gapWait.toNanos();
  }

  /** Every id at or below it is settled: visible now or never. */
  long horizon() {
    return horizon;
  }

  /**
   * True when the last {@link #advance} placed the horizon afresh at the newest row: on the first
   * call, or when the table was emptied and its ids restarted (tests truncate it).
   */
  boolean restarted() {
    return restarted;
  }

  /** Rows settled since the last call, in order; late rows of passed holes come first. */
  List<EventRow> advance(long nowNanos) {
    long max = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM sweep_event", Long.class);
    restarted = !started || max < horizon;
    if (restarted) {
      started = true;
      horizon = max;
      skipped.clear();
      gapSeenAt = -1;
      return List.of();
    }
    List<EventRow> out = new ArrayList<>(late(nowNanos));
    for (EventRow row :
        jdbc.query(
            "SELECT id, sweep_id, type, payload::text AS payload FROM sweep_event WHERE id > ?"
                + " ORDER BY id LIMIT "
                + BATCH,
            ROW,
            horizon)) {
      if (row.id() != horizon + 1) {
        if (gapSeenAt < 0) {
          gapSeenAt = nowNanos;
        }
        if (nowNanos - gapSeenAt < gapWaitNanos) {
          break;
        }
        for (long id = horizon + 1; id < row.id() && skipped.size() < MAX_REMEMBERED; id++) {
          skipped.put(id, nowNanos);
        }
      }
      gapSeenAt = -1;
      horizon = row.id();
      out.add(row);
    }
    return out;
  }

  private List<EventRow> late(long nowNanos) {
    skipped.values().removeIf(at -> nowNanos - at > REMEMBER_NANOS);
    if (skipped.isEmpty()) {
      return List.of();
    }
    List<EventRow> rows =
        jdbc.query(
            "SELECT id, sweep_id, type, payload::text AS payload FROM sweep_event"
                + " WHERE id = ANY(?) ORDER BY id",
            ROW,
            (Object) skipped.keySet().toArray(Long[]::new));
    rows.forEach(r -> skipped.remove(r.id()));
    return rows;
  }
}
