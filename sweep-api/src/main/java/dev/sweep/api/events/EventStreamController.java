package dev.sweep.api.events;

import dev.sweep.api.web.ApiException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/sweeps/{id}/events}: job, trial, epoch and sweep events as Server-Sent Events.
 * Event id = {@code sweep_event.id}, event name = its type, data = its JSON payload. A reconnect
 * with {@code Last-Event-ID} (or {@code ?lastEventId=}, for clients that cannot set headers)
 * replays what was missed; {@code lastEventId=0} replays the sweep's whole history. Without either,
 * the stream starts with the next event.
 */
@RestController
class EventStreamController {
  private final EventStreams streams;
  private final JdbcTemplate jdbc;

  EventStreamController(EventStreams streams, JdbcTemplate jdbc) {
    this.streams = streams;
    this.jdbc = jdbc;
  }

  @GetMapping("/api/sweeps/{id}/events")
  SseEmitter events(
      @PathVariable long id,
      @RequestHeader(name = "Last-Event-ID", required = false) String header,
      @RequestParam(name = "lastEventId", required = false) String param) {
    Boolean exists =
        jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM sweep WHERE id = ?)", Boolean.class, id);
    if (!Boolean.TRUE.equals(exists)) {
      throw ApiException.notFound("sweep", id);
    }
    return streams.open(id, lastEventId(header != null ? header : param));
  }

  private static Long lastEventId(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(raw.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "lastEventId", "Last-Event-ID must be a non-negative event id, not '" + raw + "'");
    }
  }
}
