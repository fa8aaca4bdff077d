package dev.sweep.api.job;

import java.util.function.Consumer;

/**
 * An upload a checkpoint store has staged (a temporary file, a temporary blob row): its digest and
 * size, and what to discard when it is closed without the store having kept it. One shape for every
 * store, so only where the bytes wait differs.
 *
 * @param <T> where the bytes wait: a path, a location
 */
final class StagedUpload<T> implements CheckpointStore.Upload {
  private final T staged;
  private final String sha256;
  private final long size;
  private final Consumer<T> discard;
  private boolean kept;

  StagedUpload(T staged, String sha256, long size, Consumer<T> discard) {
    this.staged = staged;
    this.sha256 = sha256;
    this.size = size;
    this.discard = discard;
  }

  T staged() {
    return staged;
  }

  /** The store moved the bytes where they stay: closing no longer discards them. */
  void markKept() {
    kept = true;
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public long sizeBytes() {
    return size;
  }

  @Override
  public void close() {
    if (!kept) {
      discard.accept(staged);
    }
  }
}
