package dev.sweep.contract;

/**
 * Sent once when a worker stops, after its slots have ended ({@link WorkerPaths#LEAVE}): the API
 * then leases nothing more to this id until it registers again, and puts back the jobs a claim
 * leased to it that it never heard of.
 */
public record WorkerLeave(String workerId) {}
