package dev.sweep.worker.model;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.DropOutInverted;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-trial inverted dropout on a fused layer's input {@code [B, T*F]}: trial t's columns are
 * multiplied by a mask of 0 and {@code 1/(1-p_t)}. Each trial's mask is drawn on its own, into a
 * {@code [B, F]} array, from ND4J's RNG seeded with (trial seed, epoch, iteration, layer): it is
 * the mask the same trial draws when it trains alone, and a resumed run draws it again.
 */
final class TrialDropout {
  private TrialDropout() {}

  /** True when some trial of this layer drops anything. */
  static boolean active(FusedLayer conf) {
    for (int t = 0; t < conf.trialCount(); t++) {
      if (conf.trial(t).getDropout() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The masks for one training step, {@code [B, T*features]}, in the activations workspace so that
   * backprop can use them.
   */
  static INDArray masks(
      FusedLayer conf,
      long rows,
      long features,
      int epoch,
      int iteration,
      int layer,
      LayerWorkspaceMgr mgr) {
    int trials = conf.trialCount();
    INDArray mask =
        mgr.createUninitialized(ArrayType.ACTIVATIONS, Nd4j.dataType(), rows, trials * features);
    for (int t = 0; t < trials; t++) {
      INDArray slice = FusedMath.columns(mask, t, features);
      double p = conf.trial(t).getDropout();
      if (p == 0) {
        slice.assign(1.0);
        continue;
      }
      INDArray own =
          mgr.createUninitialized(ArrayType.ACTIVATIONS, Nd4j.dataType(), rows, features);
      own.assign(1.0);
      Nd4j.getRandom().setSeed(seed(conf.trial(t).getSeed(), epoch, iteration, layer));
      Nd4j.getExecutioner().exec(new DropOutInverted(own, own, 1 - p));
      slice.assign(own);
    }
    return mask;
  }

  static long seed(long trialSeed, int epoch, int iteration, int layer) {
    long s = new SplittableRandom(trialSeed).nextLong();
    s = new SplittableRandom(s ^ epoch).nextLong();
    s = new SplittableRandom(s ^ iteration).nextLong();
    return new SplittableRandom(s ^ layer).nextLong();
  }
}
