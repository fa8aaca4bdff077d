package dev.sweep.contract;

import java.time.Duration;

/** The API's answer to a registration: the lease timing the worker must keep up with. */
public record WorkerRegistered(
    String workerId, Duration leaseDuration, Duration heartbeatInterval) {}
