package dev.sweep.contract;

/** Extends the lease; {@code currentEpoch} is the last epoch fully trained (0 before the first). */
public record HeartbeatRequest(long leaseToken, int currentEpoch) {}
