package dev.sweep.contract;

/**
 * A worker's report that a checkpoint it was given cannot be restored.
 *
 * @param leaseToken the job's current lease
 * @param sha256 the SHA-256 the API announced for the checkpoint (not what the bytes hashed to), so
 *     that only the row the worker was given is quarantined
 * @param reason what failed: the checksum, the configuration, or the format
 */
public record CheckpointRejection(long leaseToken, String sha256, String reason) {}
