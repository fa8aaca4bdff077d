package dev.sweep.worker.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Configuration of a layer that computes T trials at once (see FUSION.md). Activations are {@code
 * [B, T*F]}: trial t owns columns {@code [t*F, (t+1)*F)}. Every parameter belongs to one trial and
 * is named {@code <name>.<t>} ({@link #param}); DL4J asks this configuration for each parameter's
 * updater and regularisation, so every trial has its own optimizer, learning rate, schedule, weight
 * decay and optimizer state through DL4J's own updater blocks.
 *
 * <p>{@code nIn}/{@code nOut} are per trial. The first layer of a network reads the shared input
 * once ({@code nIn} columns in total), every later one reads {@code T*nIn}.
 */
public abstract class FusedLayer extends FeedForwardLayer {
  /** Separates a parameter's name from its trial; DL4J itself splits gradient keys at '_'. */
  static final char TRIAL_SEPARATOR = '.';

  private List<TrialSettings> trials = new ArrayList<>();
  private boolean sharedInput;

  protected FusedLayer() {}

  protected FusedLayer(List<TrialSettings> trials, boolean sharedInput, long nIn, long nOut) {
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("a fused layer needs at least one trial");
    }
    this.trials = new ArrayList<>(trials);
    this.sharedInput = sharedInput;
    setNIn(nIn);
    setNOut(nOut);
    // DL4J's gradient check and defaults read the layer-wide updater; every trial's own one is
    // answered by getUpdaterByParam
    setIUpdater(trials.get(0).getUpdater());
  }

  /** Trial t's parameter {@code name}, for example {@code W.3}. */
  public static String param(String name, int trial) {
    return name + TRIAL_SEPARATOR + trial;
  }

  /** True for a parameter named {@code <name>.<t>}. */
  public static boolean hasTrial(String param) {
    int i = param.lastIndexOf(TRIAL_SEPARATOR);
    return i >= 0
        && i < param.length() - 1
        && param.substring(i + 1).chars().allMatch(Character::isDigit);
  }

  /** The trial a parameter belongs to, from its name. */
  public static int trialOf(String param) {
    int i = param.lastIndexOf(TRIAL_SEPARATOR);
    if (i < 0) {
      throw new IllegalArgumentException("parameter '" + param + "' names no trial");
    }
    return Integer.parseInt(param.substring(i + 1));
  }

  /** A parameter's name without its trial. */
  public static String baseName(String param) {
    int i = param.lastIndexOf(TRIAL_SEPARATOR);
    return i < 0 ? param : param.substring(0, i);
  }

  public int trialCount() {
    return trials.size();
  }

  public TrialSettings trial(int t) {
    return trials.get(t);
  }

  /** True for the first layer: its input is the network input, shared by all trials. */
  public boolean isSharedInput() {
    return sharedInput;
  }

  public void setSharedInput(boolean sharedInput) {
    this.sharedInput = sharedInput;
  }

  /** Columns of the input: the shared input, or T trials' slices side by side. */
  public long inputColumns() {
    return sharedInput ? nIn : nIn * trials.size();
  }

  public List<TrialSettings> getTrials() {
    return trials;
  }

  public void setTrials(List<TrialSettings> trials) {
    this.trials = trials;
  }

  /** The layer implementation, before DL4J hands it its parameters. */
  protected abstract org.deeplearning4j.nn.api.Layer createLayer(
      NeuralNetConfiguration conf, DataType dataType);

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    org.deeplearning4j.nn.api.Layer layer = createLayer(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }

  @Override
  public IUpdater getUpdaterByParam(String paramName) {
    return trials.get(trialOf(paramName)).getUpdater();
  }

  @Override
  public List<Regularization> getRegularizationByParam(String paramName) {
    TrialSettings t = trials.get(trialOf(paramName));
    return initializer().isBiasParam(this, paramName)
        ? t.getBiasRegularization()
        : t.getWeightRegularization();
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(nOut * trials.size());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    long columns = inputType.arrayElementsPerExample();
    long expected = inputColumns();
    if (nIn > 0 && columns != expected) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " expects " + expected + " input columns, got " + columns);
    }
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long params = initializer().numParams(this);
    long updaterState = 0;
    for (int t = 0; t < trials.size(); t++) {
      updaterState += trials.get(t).getUpdater().stateSize(params / trials.size());
    }
    return new LayerMemoryReport.Builder(
            layerName, getClass(), inputType, getOutputType(-1, inputType))
        .standardMemory(params, updaterState)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusedLayer f
        && super.equals(o)
        && f.sharedInput == sharedInput
        && f.trials.equals(trials);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * super.hashCode() + trials.hashCode()) + Boolean.hashCode(sharedInput);
  }

  @Override
  public FusedLayer clone() {
    FusedLayer c = (FusedLayer) super.clone();
    c.trials = new ArrayList<>();
    trials.forEach(t -> c.trials.add(t.copy()));
    return c;
  }
}
