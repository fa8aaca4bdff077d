package dev.sweep.worker.model;

import java.util.Map;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalisation of each row (one patch's features) of a {@code [N, D]} matrix, {@code y = g
 * (x - mean) / sqrt(var + eps) + b}, with the biased variance as SameDiff's {@code layerNorm}
 * computes it, plus PyTorch's eps so that a constant row gives 0 instead of 0/0. One trial's pass;
 * the forward pass keeps x̂ and 1/σ for the backward pass.
 */
final class LayerNormPass {
  static final double EPS = 1e-5;
  private final String gain;
  private final String bias;
  private INDArray xHat;
  private INDArray rstd;

  LayerNormPass(String gain, String bias) {
    this.gain = gain;
    this.bias = bias;
  }

  INDArray forward(
      Map<String, INDArray> params, INDArray x, boolean training, LayerWorkspaceMgr mgr) {
    ArrayType keep = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
    INDArray centred = mgr.createUninitialized(keep, x.dataType(), x.shape(), 'c');
    centred.assign(x).subiColumnVector(x.mean(1));
    INDArray r = Transforms.pow(centred, 2, true).mean(1).addi(EPS);
    r = Transforms.pow(r, -0.5, false);
    centred.muliColumnVector(r);
    INDArray y = mgr.createUninitialized(keep, x.dataType(), x.shape(), 'c');
    y.assign(centred).muliRowVector(params.get(gain)).addiRowVector(params.get(bias));
    if (training) {
      xHat = centred;
      rstd = mgr.dup(keep, r);
    }
    return y;
  }

  /** Given dL/dy, fills the gain and bias gradients and writes dL/dx into {@code dx}. */
  void backward(
      Map<String, INDArray> params,
      Map<String, INDArray> grads,
      INDArray dy,
      INDArray dx,
      LayerWorkspaceMgr mgr) {
    if (xHat == null) {
      throw new IllegalStateException("backprop without a training forward pass");
    }
    Sums.ofColumns(dy, grads.get(bias), 1.0, mgr, ArrayType.BP_WORKING_MEM);
    Sums.ofColumns(dy.mul(xHat), grads.get(gain), 1.0, mgr, ArrayType.BP_WORKING_MEM);
    // dx = (dx̂ - mean(dx̂) - x̂ mean(dx̂ x̂)) / σ, per row, with dx̂ = dy g
    INDArray dxHat = dy.mulRowVector(params.get(gain));
    INDArray meanDxHat = dxHat.mean(1);
    INDArray meanDxHatXHat = dxHat.mul(xHat).mean(1);
    dx.assign(xHat)
        .muliColumnVector(meanDxHatXHat)
        .rsubi(dxHat)
        .subiColumnVector(meanDxHat)
        .muliColumnVector(rstd);
    xHat = null;
    rstd = null;
  }
}
