package dev.sweep.worker.model;

/**
 * One parameter of a per-trial layer, before it is repeated for each trial: a c-order [rows, cols]
 * matrix named {@code name_t} for trial t. Weights are drawn with the layer's weight init from
 * (fanIn, fanOut); biases start at 0 and gains at 1. Gains count as biases for regularisation, as
 * the SameDiff layer norm declared them.
 */
record ParamSpec(String name, long rows, long cols, Kind kind, long fanIn, long fanOut) {
  enum Kind {
    WEIGHT,
    BIAS,
    GAIN
  }

  static ParamSpec weight(String name, long rows, long cols) {
    return new ParamSpec(name, rows, cols, Kind.WEIGHT, rows, cols);
  }

  static ParamSpec bias(String name, long cols) {
    return new ParamSpec(name, 1, cols, Kind.BIAS, 0, 0);
  }

  static ParamSpec gain(String name, long cols) {
    return new ParamSpec(name, 1, cols, Kind.GAIN, 0, 0);
  }

  long length() {
    return rows * cols;
  }

  String key(int trial) {
    return name + "." + trial;
  }
}
