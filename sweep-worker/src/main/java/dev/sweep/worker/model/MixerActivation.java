package dev.sweep.worker.model;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.strict.ELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The mixer's activation g, the same function as the layer's DL4J {@code IActivation} (the one the
 * MLP's dense layers use), computed faster where that matters. libnd4j M2.1's backprop ops for
 * these activations took 5-10x longer than their forward ops; for relu, leaky relu, sigmoid, tanh
 * and elu the derivative is a few element-wise products of the output h = g(z) instead, so z need
 * not be kept either. Leaky relu's forward is max(z, a z) (libnd4j's op was 10x slower than relu).
 * Anything else (gelu) goes through the {@code IActivation} itself and keeps z.
 */
final class MixerActivation {
  private enum Kind {
    RELU,
    LEAKY_RELU,
    SIGMOID,
    TANH,
    ELU,
    OTHER
  }

  private final IActivation fn;
  private final Kind kind;
  private final double alpha;

  MixerActivation(IActivation fn) {
    this.fn = fn;
    if (fn instanceof ActivationReLU r && isPlainRelu(r)) {
      kind = Kind.RELU;
      alpha = 0;
    } else if (fn instanceof ActivationLReLU l && l.getAlpha() > 0) {
      kind = Kind.LEAKY_RELU;
      alpha = l.getAlpha();
    } else if (fn instanceof ActivationSigmoid) {
      kind = Kind.SIGMOID;
      alpha = 0;
    } else if (fn instanceof ActivationTanH) {
      kind = Kind.TANH;
      alpha = 0;
    } else if (fn instanceof ActivationELU e && e.getAlpha() == 1.0) {
      kind = Kind.ELU;
      alpha = 1;
    } else {
      kind = Kind.OTHER;
      alpha = 0;
    }
  }

  private static boolean isPlainRelu(ActivationReLU r) {
    return r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null;
  }

  /** True if the backward pass needs the pre-activation z as well as h. */
  boolean needsInput() {
    return kind == Kind.OTHER;
  }

  /** h = g(z), in place: returns z's array holding h. */
  INDArray apply(INDArray z, boolean training) {
    switch (kind) {
      case RELU -> Nd4j.exec(new RectifiedLinear(z, z, 0.0));
      case LEAKY_RELU -> Transforms.max(z, z.mul(alpha), false);
      case SIGMOID -> Nd4j.exec(new Sigmoid(z, z));
      case TANH -> { // 2σ(2z) - 1: libnd4j's sigmoid is twice as fast as its tanh (within 3e-7)
        Nd4j.exec(new Sigmoid(z.muli(2), z));
        z.muli(2).subi(1);
      }
      case ELU -> Nd4j.exec(new ELU(z, z, alpha));
      case OTHER -> {
        return fn.getActivation(z, training);
      }
    }
    return z;
  }

  /**
   * Turns dL/dh into dL/dz, in place in {@code dh} (returned), from h = g(z); {@code z} is only
   * read (and overwritten) when {@link #needsInput}.
   */
  INDArray backprop(INDArray z, INDArray h, INDArray dh, LayerWorkspaceMgr mgr) {
    if (kind == Kind.OTHER) {
      return fn.backprop(z, dh).getFirst();
    }
    INDArray d = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, h.dataType(), h.shape(), 'c');
    switch (kind) {
      case RELU -> Nd4j.exec(new Step(h, d, 0.0)); // h > 0 exactly where z > 0
      case LEAKY_RELU -> {
        Nd4j.exec(new Step(h, d, 0.0)); // h > 0 exactly where z > 0, for a > 0
        d.muli(1 - alpha).addi(alpha);
      }
      case SIGMOID -> d.assign(h).rsubi(1).muli(h); // h (1 - h)
      case TANH -> d.assign(h).muli(h).rsubi(1); // 1 - h²
      case ELU -> Transforms.min(d.assign(h), 0, false).addi(1); // 1 for z > 0, else e^z = h + 1
      default -> throw new IllegalStateException(kind.name());
    }
    return dh.muli(d);
  }
}
