package dev.sweep.worker.runtime;

import dev.sweep.worker.training.EpochMetrics;
import dev.sweep.worker.training.GroupEpoch;
import dev.sweep.worker.training.LossAndAccuracy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * A simulated fused group ({@code sweep-worker --simulate}): every epoch is one wait of the epoch
 * time for all members, as a fused group trains one computation; each member keeps its own seeded
 * curve ({@link SimulatedTrainer.SimulatedRun}). A member whose stop signal comes during the wait
 * leaves the group with its partial epoch, like {@code TrainingGroup}.
 */
final class SimulatedGroup implements Trainer.Group {
  /** The stop signals are polled this often while an epoch "runs". */
  private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Map<Long, SimulatedTrainer.SimulatedRun> runs;
  private final long epochNanos;
  private int completed;

  SimulatedGroup(Map<Long, SimulatedTrainer.SimulatedRun> runs, java.time.Duration epochTime) {
    this.runs = new LinkedHashMap<>(runs);
    this.epochNanos = epochTime.toNanos();
    this.completed = runs.values().stream().mapToInt(Trainer.Run::completedEpochs).max().orElse(0);
  }

  @Override
  public List<Long> jobIds() {
    return List.copyOf(runs.keySet());
  }

  @Override
  public int completedEpochs() {
    return completed;
  }

  @Override
  public GroupEpoch trainEpoch(LongPredicate stop) {
    if (runs.isEmpty()) {
      throw new IllegalStateException("the group has no members left");
    }
    int epoch = completed + 1;
    long start = System.nanoTime();
    long end = start + epochNanos;
    Set<Long> stopped = new LinkedHashSet<>();
    for (long now = start; ; now = System.nanoTime()) {
      for (long id : runs.keySet()) {
        if (!stopped.contains(id) && stop.test(id)) {
          stopped.add(id);
        }
      }
      if (now >= end || stopped.size() == runs.size()) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(STEP_NANOS, end - now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped.addAll(runs.keySet());
      }
    }
    runs.keySet().removeAll(stopped);
    double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    Map<Long, EpochMetrics> trained = new LinkedHashMap<>();
    runs.forEach((id, run) -> trained.put(id, run.finish(seconds)));
    completed = epoch;
    return new GroupEpoch(epoch, trained, Map.of(), stopped);
  }

  @Override
  public Map<Long, LossAndAccuracy> test(Collection<Long> jobIds) {
    Map<Long, LossAndAccuracy> out = new LinkedHashMap<>();
    for (long id : new ArrayList<>(jobIds)) {
      if (runs.containsKey(id)) {
        out.put(id, runs.get(id).test());
      }
    }
    return out;
  }

  @Override
  public byte[] checkpoint(long jobId) {
    return member(jobId).checkpoint();
  }

  /** A simulated run has no model to export. */
  @Override
  public byte[] exportModel(long jobId) {
    member(jobId);
    return null;
  }

  @Override
  public void drop(Collection<Long> jobIds) {
    jobIds.forEach(this::member);
    jobIds.forEach(runs::remove);
  }

  private SimulatedTrainer.SimulatedRun member(long jobId) {
    SimulatedTrainer.SimulatedRun run = runs.get(jobId);
    if (run == null) {
      throw new IllegalArgumentException("job " + jobId + " is not in the group");
    }
    return run;
  }
}
