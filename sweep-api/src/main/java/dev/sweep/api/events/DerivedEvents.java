package dev.sweep.api.events;

import java.util.List;

/**
 * Events a stream sends right after a stored one and derives from it. A change that writes one row
 * for many things (a claim moves one job row, and its trials follow it without being written) is
 * stored as one event, and streams still send every event their clients follow.
 */
public interface DerivedEvents {
  /** An event to send: its name and its JSON data. */
  record Derived(String type, String payload) {}

  /**
   * @param type the stored event's type
   * @param payload the stored event's JSON
   * @return the events to send after it, in order; empty for most events
   */
  List<Derived> after(String type, String payload);
}
