package dev.sweep.worker.client;

import dev.sweep.contract.Sha256;

/**
 * The newest usable checkpoint of a job as the API sent it.
 *
 * @param sha256 what the API recorded when the checkpoint was uploaded (not what the bytes hash to)
 */
public record StoredCheckpoint(int epoch, String sha256, byte[] bytes) {
  /** Whether the bytes are the ones the API recorded for this job and epoch. */
  public boolean intact() {
    return Sha256.hex(bytes).equalsIgnoreCase(sha256);
  }
}
