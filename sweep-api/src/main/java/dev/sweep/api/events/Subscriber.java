package dev.sweep.api.events;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream. Only the poller thread reads and moves the cursor: the id of the last event
 * sent, or {@link #UNSET} until the poller places it at the horizon (no replay asked).
 */
final class Subscriber {
  static final long UNSET = -1;

  final long sweepId;
  final SseEmitter emitter;
  long cursor;

  Subscriber(long sweepId, SseEmitter emitter, long cursor) {
    this.sweepId = sweepId;
    this.emitter = emitter;
    this.cursor = cursor;
  }
}
