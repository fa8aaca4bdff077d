package dev.sweep.api.events;

import dev.sweep.api.config.SweepProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves every open event stream from one poller thread: each tick it reads the newly settled rows
 * of {@code sweep_event} once, replays history to streams that asked for it, fans the new rows out
 * by sweep, and sends heartbeats. No thread is held per client; a stream costs a cursor.
 */
@Component
public class EventStreams implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final int REPLAY_BATCH = 1000;
  private static final int REPLAY_PER_TICK = 5000;

  private final JdbcTemplate jdbc;
  private final SweepProperties.Events config;
  private final EventTail tail;
  private final List<DerivedEvents> derivations;
  private final Map<Long, Set<Subscriber>> bySweep = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;
  private long lastHeartbeat = System.nanoTime();

  EventStreams(JdbcTemplate jdbc, SweepProperties properties, List<DerivedEvents> derivations) {
    this.jdbc = jdbc;
    this.config = properties.events();
    this.tail = new EventTail(jdbc, config.gapWait());
    this.derivations = List.copyOf(derivations);
  }

  /**
   * Opens a stream of a sweep's events.
   *
   * @param lastEventId replay events after this id first; null to start with the next new event
   */
  public SseEmitter open(long sweepId, Long lastEventId) {
    SseEmitter emitter = new SseEmitter(config.timeout().toMillis());
    long cursor =
        lastEventId != null
            ? lastEventId
            : jdbc.queryForObject(
                "SELECT coalesce(max(id), 0) FROM sweep_event WHERE sweep_id = ?",
                Long.class,
                sweepId);
    Subscriber s = new Subscriber(sweepId, emitter, cursor);
    emitter.onCompletion(() -> remove(s));
    emitter.onTimeout(
        () -> {
          remove(s);
          emitter.complete();
        });
    emitter.onError(e -> remove(s));
    bySweep.computeIfAbsent(sweepId, k -> ConcurrentHashMap.newKeySet()).add(s);
    try {
      // tells EventSource how soon to reconnect, and flushes the headers at once
      emitter.send(SseEmitter.event().reconnectTime(2000).comment("sweep " + sweepId));
    } catch (IOException e) {
      remove(s);
    }
    return emitter;
  }

  /** Open streams, for tests and metrics. */
  public int openStreams() {
    return bySweep.values().stream().mapToInt(Set::size).sum();
  }

  void tick() {
    long now = System.nanoTime();
    long before = tail.horizon();
    List<EventRow> fresh = tail.advance(now);
    if (tail.restarted()) {
      before = tail.horizon();
    }
    for (Set<Subscriber> group : bySweep.values()) {
      for (Subscriber s : group) {
        if (tail.restarted() && s.cursor > tail.horizon()) {
          s.cursor = before;
        }
        if (s.cursor < before) {
          replay(s, before);
        }
      }
    }
    for (EventRow row : fresh) {
      Set<Subscriber> watching = bySweep.getOrDefault(row.sweepId(), Set.of());
      List<DerivedEvents.Derived> derived = watching.isEmpty() ? List.of() : derived(row);
      for (Subscriber s : watching) {
        // a stream still replaying gets new rows from its replay on a later tick; a late row (a
        // hole that was passed, then committed) goes to every stream that was already past it
        boolean late = row.id() <= before;
        if (s.cursor >= before && (late || row.id() > s.cursor)) {
          send(s, row, derived);
        }
      }
    }
    if (now - lastHeartbeat >= config.heartbeat().toNanos()) {
      lastHeartbeat = now;
      bySweep.values().forEach(group -> group.forEach(this::heartbeat));
    }
  }

  private void replay(Subscriber s, long upTo) {
    int sent = 0;
    while (s.cursor < upTo && sent < REPLAY_PER_TICK) {
      List<EventRow> rows =
          jdbc.query(
              "SELECT id, sweep_id, type, payload::text AS payload FROM sweep_event"
                  + " WHERE sweep_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT "
                  + REPLAY_BATCH,
              EventTail.ROW,
              s.sweepId,
              s.cursor,
              upTo);
      for (EventRow row : rows) {
        if (!send(s, row, derived(row))) {
          return;
        }
        sent++;
      }
      if (rows.size() < REPLAY_BATCH) {
        s.cursor = Math.max(s.cursor, upTo);
      }
    }
  }

  private List<DerivedEvents.Derived> derived(EventRow row) {
    List<DerivedEvents.Derived> derived = new ArrayList<>();
    for (DerivedEvents d : derivations) {
      try {
        derived.addAll(d.after(row.type(), row.payload()));
      } catch (RuntimeException e) {
        // one unreadable row must not stall every stream: send it as stored
        log.warn("cannot derive events from sweep_event {}", row.id(), e);
      }
    }
    return derived;
  }

  /**
   * Sends a stored event and those derived from it. Only the last carries the id, so a client cut
   * off in between has them all sent again on reconnect rather than missing some.
   */
  private boolean send(Subscriber s, EventRow row, List<DerivedEvents.Derived> derived) {
    try {
      String id = Long.toString(row.id());
      s.emitter.send(event(row.type(), row.payload(), derived.isEmpty() ? id : null));
      for (int i = 0; i < derived.size(); i++) {
        DerivedEvents.Derived d = derived.get(i);
        s.emitter.send(event(d.type(), d.payload(), i == derived.size() - 1 ? id : null));
      }
      s.cursor = Math.max(s.cursor, row.id());
      return true;
    } catch (IOException | IllegalStateException e) {
      drop(s, e);
      return false;
    }
  }

  private static SseEmitter.SseEventBuilder event(String name, String data, String id) {
    SseEmitter.SseEventBuilder event = SseEmitter.event();
    if (id != null) {
      event.id(id);
    }
    return event.name(name).data(data, MediaType.APPLICATION_JSON);
  }

  private void heartbeat(Subscriber s) {
    try {
      s.emitter.send(SseEmitter.event().comment("heartbeat"));
    } catch (IOException | IllegalStateException e) {
      drop(s, e);
    }
  }

  /** A write failed: the client is gone. */
  private void drop(Subscriber s, Exception cause) {
    remove(s);
    try {
      s.emitter.completeWithError(cause);
    } catch (RuntimeException ignored) {
      // already completed by the container
    }
  }

  private void remove(Subscriber s) {
    Set<Subscriber> group = bySweep.get(s.sweepId);
    if (group != null) {
      group.remove(s);
    }
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("event poll failed; retrying on the next tick", e);
    }
  }

  @Override
  public synchronized void start() {
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sweep-event-poller");
              t.setDaemon(true);
              return t;
            });
    long every = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
  }

  /** Closes every stream before the web server's graceful shutdown waits on them. */
  @Override
  public synchronized void stop() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
    bySweep.values().forEach(group -> group.forEach(s -> s.emitter.complete()));
    bySweep.clear();
  }

  @Override
  public synchronized boolean isRunning() {
    return poller != null;
  }

  @Override
  public int getPhase() {
    // above the web server's graceful-shutdown phase, so this stops first
    return Integer.MAX_VALUE - 1000;
  }
}
