package dev.sweep.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
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
    try {
      jdbc.update(
          "INSERT INTO sweep_event (sweep_id, type, payload, created_at) VALUES (?, ?, ?::jsonb, ?)",
          sweepId,
          type,
          json.writeValueAsString(payload),
          Timestamp.from(clock.instant()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event payload is not serialisable", e);
    }
  }
}
