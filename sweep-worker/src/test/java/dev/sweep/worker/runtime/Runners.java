package dev.sweep.worker.runtime;

import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.data.FashionMnistStore;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Job runners for tests, as the worker builds them: the real DL4J trainer or another, member
 * reports on a pool of their own (its threads end when idle).
 */
final class Runners {
  private Runners() {}

  /**
   * DL4J on the given data; {@code checkpointEvery} zero uploads after every epoch but the last.
   */
  static JobRunner dl4j(
      SweepApiClient api,
      FashionMnistStore data,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining,
      Duration checkpointEvery) {
    return of(api, new Dl4jTrainer(data), heartbeats, heartbeatInterval, draining, checkpointEvery);
  }

  static JobRunner of(
      SweepApiClient api,
      Trainer trainer,
      ScheduledExecutorService heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier draining,
      Duration checkpointEvery) {
    return new JobRunner(
        api,
        trainer,
        heartbeats,
        heartbeatInterval,
        draining,
        checkpointEvery,
        MemberReports.executor(MemberReports.PER_SLOT));
  }
}
