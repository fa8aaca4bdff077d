/**
 * The wire contract between sweep-api and sweep-worker: JSON records only, no Spring and no DL4J.
 *
 * <p>Workers hold no database credentials; everything they learn about a job arrives in a {@link
 * JobAssignment} and everything they produce leaves as an {@link EpochReport}, a checkpoint upload
 * or a {@link JobOutcome}. Every write carries the lease's fencing token; the API answers a stale
 * token with 409 and changes nothing.
 */
package dev.sweep.contract;
