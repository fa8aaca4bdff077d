package dev.sweep.worker.model;

import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization.ApplyStep;

/**
 * DL4J 1.0.0-M2.1's {@code UpdaterBlock.update}, minus two reshapes per block and step: it reshapes
 * the block's gradient to one dimension once for nothing (only its external-gradient path uses the
 * result) and once for the optimizer. Each reshape is a new view whose buffer and shape buffer
 * register with ND4J's deallocator service, and a fused group has a block per trial and parameter:
 * those were two thirds of the registrations that each young collection then copied. Here the
 * optimizer gets a one-dimensional view cut once per gradient view; regularisation and the
 * optimizer run as in DL4J, in the same order, on the same memory.
 */
final class LeanUpdaterBlock extends UpdaterBlock {
  private INDArray flatOf;
  private INDArray flat;

  /** Takes over {@code block}'s offsets, views and optimizer. */
  LeanUpdaterBlock(UpdaterBlock block) {
    super(
        block.getParamOffsetStart(),
        block.getParamOffsetEnd(),
        block.getUpdaterViewOffsetStart(),
        block.getUpdaterViewOffsetEnd(),
        block.getLayersAndVariablesInBlock());
    setUpdaterView(block.getUpdaterView());
    setGradientView(block.getGradientView());
    setUpdaterViewRequiresInitialization(block.isUpdaterViewRequiresInitialization());
    setGradientUpdater(block.getGradientUpdater());
  }

  @Override
  public void update(int iteration, int epoch) {
    if (getGradientUpdater() == null) {
      init();
    }
    if (getLayersAndVariablesInBlock().get(0).getLayer().numParams() == 0) {
      return;
    }
    INDArray gradient = getGradientView();
    applyRegularizationAllVariables(
        ApplyStep.BEFORE_UPDATER, iteration, epoch, false, gradient, null);
    if (gradient != flatOf) {
      flat = gradient.reshape(gradient.length());
      flatOf = gradient;
    }
    getGradientUpdater().applyUpdater(flat, iteration, epoch);
    applyRegularizationAllVariables(
        ApplyStep.POST_UPDATER, iteration, epoch, false, gradient, null);
  }
}
