package dev.sweep.worker.model;

import java.util.Locale;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Maps the definition's names (activation, optimizer, loss) onto DL4J. */
final class Choices {
  /** PyTorch's AdamW default; DL4J applies it decoupled from the gradient, as AdamW does. */
  static final double ADAMW_WEIGHT_DECAY = 0.01;

  static final double NESTEROV_DEFAULT_MOMENTUM = 0.9;

  static final double RMSPROP_ALPHA = 0.99;
  static final double RMSPROP_EPSILON = 1e-8;

  private Choices() {}

  static String norm(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  static Activation activation(String name) {
    return switch (norm(name)) {
      case "relu" -> Activation.RELU;
      case "sigmoid" -> Activation.SIGMOID;
      case "tanh" -> Activation.TANH;
      case "gelu" -> Activation.GELU;
      case "leaky_relu", "leakyrelu" -> Activation.LEAKYRELU;
      case "elu" -> Activation.ELU;
      default ->
          throw new InvalidConfigException(
              "unknown activation '"
                  + name
                  + "'; use relu, sigmoid, tanh, gelu, leaky_relu or elu");
    };
  }

  /** He for the ReLU family (rectifier-like slopes), Xavier for the saturating ones. */
  static WeightInit weightInit(Activation a) {
    return switch (a) {
      case SIGMOID, TANH -> WeightInit.XAVIER;
      default -> WeightInit.RELU;
    };
  }

  static LossFunction loss(String name) {
    return switch (norm(name)) {
      case "cross_entropy", "crossentropyloss", "crossentropy" -> LossFunction.MCXENT;
      case "nll", "nllloss" -> LossFunction.NEGATIVELOGLIKELIHOOD;
      default ->
          throw new InvalidConfigException("unknown loss '" + name + "'; use cross_entropy or nll");
    };
  }

  static IUpdater updater(String name, double lr, Double momentum) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new InvalidConfigException("learning_rate must be positive, got " + lr);
    }
    if (momentum != null && (momentum < 0 || momentum >= 1 || momentum.isNaN())) {
      throw new InvalidConfigException("momentum must be in [0, 1), got " + momentum);
    }
    return switch (norm(name)) {
      case "adam", "adamw" -> new LeanAdam(lr);
      case "sgd" ->
          momentum == null || momentum == 0 ? new Sgd(lr) : new HeavyBallMomentum(lr, momentum);
      case "nesterov", "nesterovs" ->
          new Nesterovs(lr, momentum == null ? NESTEROV_DEFAULT_MOMENTUM : momentum);
      // PyTorch's alpha 0.99 and eps 1e-8; DL4J's RmsProp has no momentum term, so our own
      // updater takes over when momentum is set
      case "rmsprop" ->
          momentum == null || momentum == 0
              ? new RmsProp(lr, RMSPROP_ALPHA, RMSPROP_EPSILON)
              : new RmsPropMomentum(lr, momentum, RMSPROP_ALPHA, RMSPROP_EPSILON);
      default ->
          throw new InvalidConfigException(
              "unknown optimizer '" + name + "'; use adam, sgd, adamw, rmsprop or nesterov");
    };
  }

  static boolean decoupledWeightDecay(String optimizer) {
    return norm(optimizer).equals("adamw");
  }
}
