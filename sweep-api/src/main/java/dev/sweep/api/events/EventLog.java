package dev.sweep.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
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
   * Appends several events of one type in one round trip (a claim moves all of a job's trials at
   * once), in list order.
   */
  public void appendAll(long sweepId, String type, List<?> payloads) {
    if (payloads.isEmpty()) {
      return;
    }
    Timestamp now = Timestamp.from(clock.instant());
    List<Object[]> rows = new ArrayList<>(payloads.size());
    for (Object payload : payloads) {
      rows.add(new Object[] {sweepId, type, write(payload), now});
    }
    jdbc.batchUpdate(INSERT, rows);
  }

  private String write(Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event payload is not serialisable", e);
    }
  }
}
