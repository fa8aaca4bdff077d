package dev.sweep.api.events;

/** A committed row of {@code sweep_event}; {@code payload} is its JSON text. */
record EventRow(long id, long sweepId, String type, String payload) {}
