package dev.sweep.worker.model;

import java.util.function.DoubleUnaryOperator;

/**
 * The activations by their textbook definitions, and their derivatives, for comparing both models
 * with. {@code gelu} is DL4J's GELU: the sigmoid form x·σ(1.702x) of Hendrycks and Gimpel, which
 * differs from the exact x·Φ(x) by up to 0.02 (DL4J's "precise" variant is neither, so it is not
 * used).
 */
enum ReferenceActivations {
  RELU("relu", x -> Math.max(0, x), x -> x > 0 ? 1 : 0),
  LEAKY_RELU("leaky_relu", x -> x > 0 ? x : 0.01 * x, x -> x > 0 ? 1 : 0.01),
  SIGMOID("sigmoid", ReferenceActivations::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x))),
  TANH("tanh", Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x)),
  ELU("elu", x -> x > 0 ? x : Math.exp(x) - 1, x -> x > 0 ? 1 : Math.exp(x)),
  GELU(
      "gelu",
      x -> x * sigmoid(1.702 * x),
      x -> sigmoid(1.702 * x) + 1.702 * x * sigmoid(1.702 * x) * (1 - sigmoid(1.702 * x)));

  final String name;
  final DoubleUnaryOperator f;
  final DoubleUnaryOperator derivative;

  ReferenceActivations(String name, DoubleUnaryOperator f, DoubleUnaryOperator derivative) {
    this.name = name;
    this.f = f;
    this.derivative = derivative;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
