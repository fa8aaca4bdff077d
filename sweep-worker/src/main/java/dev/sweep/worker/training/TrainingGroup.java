package dev.sweep.worker.training;

import dev.sweep.contract.Normalize;
import dev.sweep.contract.TrainingConfig;
import dev.sweep.worker.data.Batches;
import dev.sweep.worker.data.DataSplit;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.model.FusedOutputLayer;
import dev.sweep.worker.model.ModelFactory;
import dev.sweep.worker.model.Standalone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training engine: T jobs whose configurations share a {@link dev.sweep.contract.FusionKey}
 * train as one fused network on the calling thread, epoch by epoch. Each batch is read once; each
 * job keeps its own optimizer, optimizer state, learning rate, regularisation, dropout, metrics,
 * checkpoint, stop signal and failure. T = 1 is a job trained alone ({@link TrainingRun}).
 *
 * <p>Epoch k's data order comes from an RNG state derived from the seed and carried from epoch to
 * epoch (the seed is shared by the group); checkpoints store it, so a group resumed from its
 * members' checkpoints visits the same batches and reproduces an uninterrupted run bit for bit.
 * Members that leave (stopped, diverged, dropped) leave at an epoch boundary: the group is rebuilt
 * from the others' slices, which continue exactly where they were.
 */
public final class TrainingGroup {
  private final FashionMnist data;
  private final DataSplit split;
  private final Batches batches;
  private final Normalize normalize;
  private final Map<Long, MultiLayerNetwork> standalone = new HashMap<>();
  private List<Member> members;
  private MultiLayerNetwork net;
  private Evaluator evaluator;
  private int completedEpochs;
  private long orderState;

  private TrainingGroup(
      List<Member> members, FashionMnist data, MultiLayerNetwork net, int epoch, long orderState) {
    TrainingConfig first = members.get(0).config();
    this.data = data;
    this.split = DataSplit.of(first.dataset(), data.trainCount());
    this.normalize = first.dataset().normalize();
    this.batches = new Batches(first.batchSize(), normalize);
    this.completedEpochs = epoch;
    this.orderState = orderState;
    install(members, net);
  }

  /**
   * Starts or resumes a group. Members with a checkpoint resume from it; either all members have
   * one, all of the same epoch, or none has.
   */
  public static TrainingGroup open(List<Member> members, FashionMnist data) throws IOException {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one member");
    }
    if (members.stream().map(Member::jobId).distinct().count() != members.size()) {
      throw new IllegalArgumentException("a job can be in a group only once");
    }
    MultiLayerNetwork net = ModelFactory.build(members.stream().map(Member::config).toList());
    if (members.stream().allMatch(m -> m.checkpoint() == null)) {
      long order = new SplittableRandom(members.get(0).config().seed()).nextLong();
      return new TrainingGroup(members, data, net, 0, order);
    }
    Checkpoint first = null;
    for (int t = 0; t < members.size(); t++) {
      Member m = members.get(t);
      if (m.checkpoint() == null) {
        throw new IllegalArgumentException(
            "job " + m.jobId() + " has no checkpoint; a group resumes all members from one epoch");
      }
      Checkpoint c = Checkpoint.fromBytes(m.checkpoint());
      if (!c.configHash().equals(Checkpoint.hash(m.config()))) {
        throw new IOException(
            "the checkpoint of job " + m.jobId() + " is of another configuration");
      }
      if (first != null
          && (c.epoch() != first.epoch()
              || c.iteration() != first.iteration()
              || c.nextOrderState() != first.nextOrderState())) {
        throw new IllegalArgumentException(
            "job "
                + m.jobId()
                + " resumes from epoch "
                + c.epoch()
                + ", the group from epoch "
                + first.epoch()
                + "; a group resumes all members from one epoch");
      }
      first = first == null ? c : first;
      c.slice().put(net, t);
    }
    net.setEpochCount(first.epoch());
    net.setIterationCount(first.iteration());
    return new TrainingGroup(members, data, net, first.epoch(), first.nextOrderState());
  }

  /**
   * Checks a member's checkpoint without building a network: it parses as a sweep checkpoint of the
   * supported format, and its header names {@code config}'s canonical hash.
   *
   * @return the epoch it holds
   * @throws IOException naming what is wrong
   */
  public static int checkCheckpoint(TrainingConfig config, byte[] checkpoint) throws IOException {
    Checkpoint c = Checkpoint.fromBytes(checkpoint);
    if (!c.configHash().equals(Checkpoint.hash(config))) {
      throw new IOException("the checkpoint is of another configuration");
    }
    return c.epoch();
  }

  /** The members still in the group, in trial order. */
  public List<Long> jobIds() {
    return members.stream().map(Member::jobId).toList();
  }

  public int completedEpochs() {
    return completedEpochs;
  }

  public DataSplit split() {
    return split;
  }

  /** The fused network (T = members), for tests and tools. */
  public MultiLayerNetwork network() {
    return net;
  }

  /**
   * Trains one more epoch of every member. {@code stop} is asked before every batch for each member
   * still in; a member it stops leaves the group with its partial epoch.
   */
  public GroupEpoch trainEpoch(LongPredicate stop) {
    if (members.isEmpty()) {
      throw new IllegalStateException("the group has no members left");
    }
    int epoch = completedEpochs + 1;
    long start = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(orderState);
    int[] order = split.train().clone();
    DataSplit.shuffle(order, rnd);
    long nextState = rnd.nextLong();
    EpochTally tally = new EpochTally(epoch, jobIds());
    FusedOutputLayer output = (FusedOutputLayer) net.getOutputLayer();
    int batchSize = batches.capacity();
    for (int from = 0; from < order.length && tally.poll(stop); from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      DataSet batch = batches.fill(data.trainImages(), data.trainLabels(), order, from, to);
      net.fit(batch.getFeatures(), batch.getLabels());
      tally.add(output.trialLosses(), output.predictions(), batches.labelIndices(), to - from);
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    net.incrementEpochCount();
    Map<Long, EpochMetrics> trained = new LinkedHashMap<>();
    List<Member> staying = new ArrayList<>();
    List<LossAndAccuracy> val = null;
    for (int t = 0; t < members.size(); t++) {
      if (!tally.in(t)) {
        continue;
      }
      if (val == null && split.validates()) {
        val = evaluator.evaluate(data.trainImages(), data.trainLabels(), split.validation());
      }
      // without validation images (validation_size 0) there is nothing to measure: null, not NaN
      LossAndAccuracy v = val == null ? null : val.get(t);
      staying.add(members.get(t));
      trained.put(
          members.get(t).jobId(),
          new EpochMetrics(
              epoch,
              tally.trainLoss(t),
              tally.trainAccuracy(t),
              v == null ? null : v.loss(),
              v == null ? null : v.accuracy(),
              (System.nanoTime() - start) / 1e9,
              order.length / trainSeconds));
    }
    completedEpochs = epoch;
    orderState = nextState;
    if (tally.anyLeft()) {
      retain(staying);
    }
    return new GroupEpoch(epoch, trained, tally.diverged(), tally.stopped());
  }

  /** Loss and accuracy on the 10k test set of the given members; only for epochs ending a trial. */
  public Map<Long, LossAndAccuracy> test(Collection<Long> jobIds) {
    Map<Long, LossAndAccuracy> out = new LinkedHashMap<>();
    if (jobIds.stream().noneMatch(this::isMember)) {
      return out;
    }
    List<LossAndAccuracy> all =
        evaluator.evaluate(
            data.testImages(), data.testLabels(), Batches.identity(data.testCount()));
    for (int t = 0; t < members.size(); t++) {
      if (jobIds.contains(members.get(t).jobId())) {
        out.put(members.get(t).jobId(), all.get(t));
      }
    }
    return out;
  }

  /** The member's checkpoint after the last completed epoch (format: {@link Checkpoint}). */
  public byte[] checkpoint(long jobId) throws IOException {
    int t = trial(jobId);
    return new Checkpoint(
            completedEpochs,
            net.getIterationCount(),
            orderState,
            Checkpoint.hash(members.get(t).config()),
            TrialSlice.cut(net, t))
        .toBytes();
  }

  /**
   * The member's trained model as a DL4J {@code ModelSerializer} zip (without optimizer state),
   * loadable with {@code ModelSerializer.restoreMultiLayerNetwork}; see {@link Standalone}.
   */
  public byte[] exportModel(long jobId) throws IOException {
    int t = trial(jobId);
    // built once per member: a trial that ends at several epochs (prefix sharing) exports each
    MultiLayerNetwork alone =
        standalone.computeIfAbsent(jobId, id -> Standalone.network(members.get(t).config()));
    float[] params = TrialSlice.paramValues(net, t);
    alone.setParams(Nd4j.createFromArray(params).reshape(1, params.length));
    return ModelFiles.write(alone);
  }

  /**
   * Takes members out (they ended, their lease was lost, ...); the others train on. The network is
   * rebuilt once for whoever stays, and not at all when nobody does.
   */
  public void drop(Collection<Long> jobIds) {
    jobIds.forEach(this::trial);
    jobIds.forEach(standalone::remove);
    retain(members.stream().filter(m -> !jobIds.contains(m.jobId())).toList());
  }

  private boolean isMember(long jobId) {
    return members.stream().anyMatch(m -> m.jobId() == jobId);
  }

  private int trial(long jobId) {
    for (int t = 0; t < members.size(); t++) {
      if (members.get(t).jobId() == jobId) {
        return t;
      }
    }
    throw new IllegalArgumentException("job " + jobId + " is not in this group");
  }

  /** Rebuilds the network for {@code keep} from their slices; counters carry over. */
  private void retain(List<Member> keep) {
    if (keep.isEmpty()) {
      install(keep, null);
      return;
    }
    MultiLayerNetwork fresh = ModelFactory.build(keep.stream().map(Member::config).toList());
    for (int t = 0; t < keep.size(); t++) {
      TrialSlice.cut(net, trial(keep.get(t).jobId())).put(fresh, t);
    }
    fresh.setEpochCount(net.getEpochCount());
    fresh.setIterationCount(net.getIterationCount());
    install(keep, fresh);
  }

  private void install(List<Member> members, MultiLayerNetwork net) {
    // the checkpoints were read; keep no copy of them
    this.members = members.stream().map(m -> Member.fresh(m.jobId(), m.config())).toList();
    this.net = net;
    this.evaluator = net == null ? null : new Evaluator(net, members.size(), normalize);
  }
}
