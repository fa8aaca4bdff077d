package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes checkpoint bytes nothing will read again: temporary uploads abandoned by a crash or a cut
 * connection, and stored objects whose row is gone (a job deleted with its sweep, a prune whose
 * after-commit delete failed). Runs at start-up and every {@code
 * sweep.checkpoints.cleanup-interval}; only bytes older than {@code temp-max-age} are touched, so
 * an upload in flight is left alone.
 */
@Component
class CheckpointJanitor {
  private static final Logger log = LoggerFactory.getLogger(CheckpointJanitor.class);

  private final CheckpointStore store;
  private final CheckpointCatalog catalog;
  private final SweepProperties props;
  private final Clock clock;

  CheckpointJanitor(
      CheckpointStore store, CheckpointCatalog catalog, SweepProperties props, Clock clock) {
    this.store = store;
    this.catalog = catalog;
    this.props = props;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "0s",
      fixedDelayString = "${sweep.checkpoints.cleanup-interval:10m}")
  void scheduled() {
    try {
      int removed = clean(clock.instant().minus(props.checkpoints().tempMaxAge()));
      if (removed > 0) {
        log.info("removed {} orphaned or abandoned checkpoint objects", removed);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("checkpoint clean-up failed; the next run retries", e);
    }
  }

  /** Removes orphans last written before {@code writtenBefore}; returns how many. */
  int clean(Instant writtenBefore) throws IOException {
    // read the references first: a row committed after this read is younger than the cut-off
    Set<String> referenced = catalog.referencedLocations();
    return store.removeOrphans(referenced::contains, writtenBefore);
  }
}
