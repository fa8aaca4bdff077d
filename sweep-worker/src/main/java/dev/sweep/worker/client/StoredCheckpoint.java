package dev.sweep.worker.client;

/** The newest checkpoint of a job, its SHA-256 already verified against the API's header. */
public record StoredCheckpoint(int epoch, String sha256, byte[] bytes) {}
