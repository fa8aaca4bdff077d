package dev.sweep.worker.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The computation of {@link FusedDense}. Unlike DL4J's dense layer, backprop does not recompute the
 * forward product: the training forward pass keeps its pre-activation (in the workspace that holds
 * all activations until backprop ends). The first layer returns no input gradient, which nothing
 * needs: that saves its largest product.
 */
final class FusedDenseLayer extends FusedLinear.Impl<FusedDense> {
  private final ActivationBackprop activationBackprop = new ActivationBackprop();
  private final BiasRelu biasRelu = new BiasRelu();
  private INDArray preActivation;
  private INDArray activated;
  private INDArray trainedInput;
  private INDArray mask;

  FusedDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    FusedDense l = layerConf();
    INDArray x = checkedInput();
    mask = null;
    if (training && !l.isSharedInput() && TrialDropout.active(l)) {
      mask =
          TrialDropout.masks(
              l, x.size(0), l.getNIn(), getEpochCount(), getIterationCount(), index, mgr);
      x = mgr.dup(ArrayType.ACTIVATIONS, x).muli(mask);
    }
    INDArray z =
        mgr.createUninitialized(
            ArrayType.ACTIVATIONS, dataType, x.size(0), l.getNOut() * l.trialCount());
    if (!training) {
      FusedMath.forward(l, x, weights(), biases(), z, biasRelu, null);
      return l.getActivationFn().getActivation(z, false);
    }
    // the output stays in the workspace until backprop ends, which reads it (ActivationBackprop)
    if (BiasRelu.plainRelu(l.getActivationFn())) {
      activated = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, z.shape(), 'c');
      FusedMath.forward(l, x, weights(), biases(), z, biasRelu, activated);
    } else {
      FusedMath.forward(l, x, weights(), biases(), z, biasRelu, null);
      activated = l.getActivationFn().getActivation(mgr.dup(ArrayType.ACTIVATIONS, z), true);
    }
    preActivation = z;
    trainedInput = x;
    return activated;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    if (preActivation == null) {
      throw new IllegalStateException("backprop in layer " + index + " without a training pass");
    }
    FusedDense l = layerConf();
    boolean ours =
        activationBackprop.apply(
            l.getActivationFn(), preActivation, activated, epsilon, biasGradients());
    INDArray delta =
        ours ? preActivation : l.getActivationFn().backprop(preActivation, epsilon).getFirst();
    // our loop summed the bias gradient in the same pass
    FusedMath.gradients(l, trainedInput, delta, weightGradients(), ours ? null : biasGradients());
    Gradient gradient = new DefaultGradient();
    gradientViews.forEach(gradient.gradientForVariable()::put);
    INDArray next = null;
    if (!l.isSharedInput()) {
      next =
          mgr.createUninitialized(
              ArrayType.ACTIVATION_GRAD, delta.dataType(), delta.size(0), l.inputColumns());
      FusedMath.inputGradient(l, delta, weights(), next);
      if (mask != null) {
        next.muli(mask);
      }
    }
    clearPass();
    return new Pair<>(gradient, next);
  }

  @Override
  public void clear() {
    super.clear();
    clearPass();
  }

  private void clearPass() {
    preActivation = null;
    activated = null;
    trainedInput = null;
    mask = null;
  }
}
