package dev.sweep.contract;

import java.time.Instant;

/**
 * The answer to a heartbeat or an epoch report.
 *
 * @param cancelRequested the user cancelled the sweep: stop at the next batch boundary and call
 *     release
 */
public record LeaseStatus(Instant leaseExpiresAt, boolean cancelRequested) {}
