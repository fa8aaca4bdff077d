package dev.sweep.contract;

/** One trial served by a job: it finishes when the job finishes epoch {@code epochs}. */
public record TrialTarget(long trialId, int epochs) {}
