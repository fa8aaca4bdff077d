package dev.sweep.worker.bench;

import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.runtime.NativeFlavour;
import dev.sweep.worker.support.Configs;
import dev.sweep.worker.support.FakeApi;
import dev.sweep.worker.training.Member;
import dev.sweep.worker.training.TrainingGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a per-epoch checkpoint costs a fused group, three ways, alternated epoch by epoch: (sync)
 * serialise every member's checkpoint and upload it over HTTP on the training thread, as the worker
 * did; (async) serialise on the training thread, upload on another while the next epoch trains;
 * (periodic) no checkpoint this epoch, as with {@code sweep.worker.checkpoint-every} when the
 * interval has not passed. Prints the median seconds per epoch of each and the ratios to periodic.
 * Usage: CheckpointBench [rounds] [trials] [batch] [train images]; defaults 5 4 256 10000 (the
 * bench grid's shape: 10k training images, 5k validation).
 */
public final class CheckpointBench {
  public static void main(String[] args) throws Exception {
    NativeFlavour.select(); // as the worker does, before ND4J loads
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int images = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    FashionMnist data = TrainOne.fashionMnist();
    List<Member> members = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      TrainingConfig c =
          Configs.config()
              .dataset(5_000, images, 42)
              .model(Configs.mlp(List.of(256, 128)))
              .batchSize(batch)
              .learningRate(0.001 * (t + 1))
              .build();
      members.add(Member.fresh(t + 1, c));
    }
    try (FakeApi api = new FakeApi()) {
      SweepApiClient client =
          new SweepApiClient(
              api.url(), "bench", Duration.ofSeconds(30), 2, Duration.ofMillis(10), FakeApi.JSON);
      TrainingGroup group = TrainingGroup.open(members, data);
      ExecutorService uploader = Executors.newSingleThreadExecutor();
      List<Double> sync = new ArrayList<>();
      List<Double> async = new ArrayList<>();
      List<Double> periodic = new ArrayList<>();
      long bytes = 0;
      Future<?> pending = null;
      group.trainEpoch(id -> false); // warm-up
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        group.trainEpoch(id -> false);
        for (Member m : members) {
          byte[] b = group.checkpoint(m.jobId());
          bytes = b.length;
          client.uploadCheckpoint(m.jobId(), group.completedEpochs(), 1, b);
        }
        sync.add((System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        group.trainEpoch(id -> false);
        List<byte[]> ready = new ArrayList<>();
        for (Member m : members) {
          ready.add(group.checkpoint(m.jobId()));
        }
        if (pending != null) {
          pending.get(); // the previous epoch's uploads must be stored before it is reported
        }
        int epoch = group.completedEpochs();
        pending =
            uploader.submit(
                () -> {
                  for (int i = 0; i < ready.size(); i++) {
                    client.uploadCheckpoint(members.get(i).jobId(), epoch, 1, ready.get(i));
                  }
                });
        // the async upload overlaps the next epoch: time it with the periodic one below
        long t1 = System.nanoTime();
        group.trainEpoch(id -> false);
        pending.get();
        pending = null;
        double overlapped = (System.nanoTime() - t1) / 1e9;
        async.add((t1 - t0) / 1e9 + overlapped);

        t0 = System.nanoTime();
        group.trainEpoch(id -> false);
        periodic.add((System.nanoTime() - t0) / 1e9);
      }
      uploader.shutdownNow();
      double p = TrainOne.median(periodic);
      // the async figure covers two epochs (the one whose checkpoint it uploads, and the next)
      double a = TrainOne.median(async) / 2;
      double s = TrainOne.median(sync);
      System.out.printf(
          "checkpoints of %d fused MLP trials (batch %d, %d training images), %d KB each,"
              + " median of %d rounds, %d available cores%n",
          trials, batch, images, bytes / 1024, rounds, Runtime.getRuntime().availableProcessors());
      System.out.printf("  periodic (no checkpoint this epoch): %.3f s/epoch  1.00x%n", p);
      System.out.printf("  async (upload beside training):     %.3f s/epoch  %.2fx%n", a, a / p);
      System.out.printf("  sync (upload on training thread):   %.3f s/epoch  %.2fx%n", s, s / p);
    }
  }
}
