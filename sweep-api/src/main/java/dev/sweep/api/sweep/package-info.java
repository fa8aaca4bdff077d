/**
 * Sweeps as users submit and watch them: the definition model ({@link
 * dev.sweep.contract.SweepDefinition}, W&B-style snake_case), parsing and validation with the
 * offending field's path in every error, creation in one transaction, and the public read API
 * (sweeps, trials, jobs, best, leaderboard, cancel).
 *
 * <p>Writes go through JDBC: a sweep with its jobs and trials is three statements, whatever its
 * size. Reads of sweep and trial rows use JPA (paging), aggregates use SQL. The worker protocol is
 * in {@code dev.sweep.api.job}.
 */
package dev.sweep.api.sweep;
