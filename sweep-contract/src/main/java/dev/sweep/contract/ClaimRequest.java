package dev.sweep.contract;

/**
 * Asks for one job.
 *
 * @param waitMillis how long the API may hold the request open when the queue is empty (long poll);
 *     0 answers at once
 */
public record ClaimRequest(String workerId, long waitMillis) {}
