package dev.sweep.api.events;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream. Only the poller thread reads and moves the cursor, the id of the last event sent
 * (or, before any, the Last-Event-ID asked for, or the sweep's newest event at connect time).
 */
final class Subscriber {
  final long sweepId;
  final SseEmitter emitter;
  long cursor;

  Subscriber(long sweepId, SseEmitter emitter, long cursor) {
    this.sweepId = sweepId;
    this.emitter = emitter;
    this.cursor = cursor;
  }
}
