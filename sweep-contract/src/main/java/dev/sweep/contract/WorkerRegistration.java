package dev.sweep.contract;

/**
 * Sent once when a worker starts.
 *
 * @param workerId stable name chosen by the worker (hostname plus a random suffix by default)
 * @param backend "cpu" or "cuda", for display
 */
public record WorkerRegistration(String workerId, String hostname, int slots, String backend) {}
