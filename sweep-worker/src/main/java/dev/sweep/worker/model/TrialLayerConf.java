package dev.sweep.worker.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of a layer written for T fused trials (team convention FUSION.md); T = 1 is the
 * ordinary model. Parameters are declared once as {@link ParamSpec}s and exist per trial as {@code
 * name_t}. Without per-trial settings every trial uses the layer's updater and regularisation (the
 * network's global ones); with them, DL4J's updater machinery gives each trial its own optimizer,
 * learning rate and weight decay, because it asks {@link #getUpdaterByParam} per parameter.
 *
 * <p>Bean accessors are what DL4J's JSON (checkpoints, model zips) serialises.
 */
public abstract class TrialLayerConf extends BaseLayer {
  private int trials = 1;
  private List<IUpdater> trialUpdaters;
  private List<List<Regularization>> trialRegularization;
  private List<List<Regularization>> trialRegularizationBias;

  /** The parameters of one trial, in flat-vector order. */
  abstract List<ParamSpec> paramSpecs();

  /** Builds the layer implementation for {@link #instantiate}. */
  abstract org.deeplearning4j.nn.layers.BaseLayer<?> newLayer(
      NeuralNetConfiguration conf, DataType dataType);

  /** Features per example per trial on the output side. */
  abstract long outputFeatures();

  static int trialOf(String key) {
    return Integer.parseInt(key.substring(key.lastIndexOf('.') + 1));
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    org.deeplearning4j.nn.layers.BaseLayer<?> layer = newLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return TrialParams.INSTANCE;
  }

  @Override
  public IUpdater getUpdaterByParam(String key) {
    return trialUpdaters == null ? super.getUpdaterByParam(key) : trialUpdaters.get(trialOf(key));
  }

  @Override
  public List<Regularization> getRegularizationByParam(String key) {
    boolean weight = initializer().isWeightParam(this, key);
    List<List<Regularization>> perTrial = weight ? trialRegularization : trialRegularizationBias;
    return perTrial == null ? super.getRegularizationByParam(key) : perTrial.get(trialOf(key));
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(trials * outputFeatures());
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public boolean isPretrainParam(String key) {
    return false;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(
            layerName, getClass(), inputType, getOutputType(0, inputType))
        .standardMemory(initializer().numParams(this), 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  /** Rejects incoming activations that do not hold {@code expected} features per example. */
  void expectInput(InputType inputType, long expected) {
    long in = inputType.arrayElementsPerExample();
    if (in != expected) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " expects " + expected + " inputs, got " + in);
    }
  }

  public int getTrials() {
    return trials;
  }

  public void setTrials(int trials) {
    this.trials = trials;
  }

  public List<IUpdater> getTrialUpdaters() {
    return trialUpdaters;
  }

  public void setTrialUpdaters(List<IUpdater> trialUpdaters) {
    this.trialUpdaters = trialUpdaters;
  }

  public List<List<Regularization>> getTrialRegularization() {
    return trialRegularization;
  }

  public void setTrialRegularization(List<List<Regularization>> trialRegularization) {
    this.trialRegularization = trialRegularization;
  }

  public List<List<Regularization>> getTrialRegularizationBias() {
    return trialRegularizationBias;
  }

  public void setTrialRegularizationBias(List<List<Regularization>> trialRegularizationBias) {
    this.trialRegularizationBias = trialRegularizationBias;
  }
}
