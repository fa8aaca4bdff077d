package dev.sweep.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends a sweep's state changes and epoch metrics to {@code sweep_event}. Call it inside the
 * transaction that makes the change, so an event exists exactly when its change committed; the id
 * sequence gives SSE its event ids and Last-Event-ID replay.
 */
@Component
public class EventLog {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private static final String INSERT =
      "INSERT INTO sweep_event (sweep_id, type, payload, created_at) VALUES (?, ?, ?::jsonb, ?)";

  private final Clock clock;

  EventLog(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  /**
   * @param type for example "job", "trial", "epoch", "sweep"
   * @param payload any value Jackson can write; it becomes the SSE data
   */
  public void append(long sweepId, String type, Object payload) {
    jdbc.update(INSERT, sweepId, type, write(payload), Timestamp.from(clock.instant()));
  }

  /**
   * Appends several events of one type in one statement (a cancel ends every trial of its queued
   * jobs at once), in list order.
   */
  public void appendAll(long sweepId, String type, List<?> payloads) {
    if (payloads.isEmpty()) {
      return;
    }
    String[] rows = new String[payloads.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = write(payloads.get(i));
    }
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update(
        "INSERT INTO sweep_event (sweep_id, type, payload, created_at)"
            + " SELECT ?, ?, p::jsonb, ? FROM unnest(?::text[]) WITH ORDINALITY AS t(p, n)"
            + " ORDER BY n",
        ps -> {
          ps.setLong(1, sweepId);
          ps.setString(2, type);
          ps.setTimestamp(3, now);
          ps.setArray(4, ps.getConnection().createArrayOf("text", rows));
        });
  }

  private String write(Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event payload is not serialisable", e);
    }
  }
}
