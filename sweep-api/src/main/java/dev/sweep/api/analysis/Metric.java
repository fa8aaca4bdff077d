package dev.sweep.api.analysis;

import dev.sweep.api.web.ApiException;
import java.util.Arrays;

/**
 * A metric trials can be ranked by, with the trial/epoch column that holds it and the goal it has
 * when the caller overrides the sweep's metric without saying which way is better.
 */
public enum Metric {
  VAL_ACCURACY("val_accuracy", "val accuracy", true),
  VAL_LOSS("val_loss", "val loss", false),
  TRAIN_ACCURACY("train_accuracy", "train accuracy", true),
  TRAIN_LOSS("train_loss", "train loss", false);

  private final String key;
  private final String label;
  private final boolean higherIsBetter;

  Metric(String key, String label, boolean higherIsBetter) {
    this.key = key;
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /** The definition's name, also the column name in {@code trial} and {@code epoch_metric}. */
  public String key() {
    return key;
  }

  /** For sentences: "val accuracy". */
  public String label() {
    return label;
  }

  public String naturalGoal() {
    return higherIsBetter ? "maximize" : "minimize";
  }

  public static Metric of(String key) {
    return Arrays.stream(values())
        .filter(m -> m.key.equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "metric",
                    "unknown metric '"
                        + key
                        + "'; use val_accuracy, val_loss, train_accuracy or train_loss"));
  }
}
