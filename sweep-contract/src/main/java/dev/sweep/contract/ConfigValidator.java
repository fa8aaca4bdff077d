package dev.sweep.contract;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one validator of configurations: the API checks each value of a definition with it (and
 * answers 400 naming the field), the worker checks every {@link TrainingConfig} it receives (and
 * fails the job without retry). Bean Validation runs the records' constraints; the cross-field
 * rules are here.
 */
public final class ConfigValidator {
  private static final ConfigValidator SHARED = new ConfigValidator();

  /**
   * One thing wrong.
   *
   * @param path where, in snake_case from the checked object ("model.hidden_layers[1]"), or
   *     relative to a single checked value ("" or "[1]")
   * @param message what, to follow the path: "must be at least 1"
   * @param invalid the offending value, or null
   */
  public record Problem(String path, String message, Object invalid) {
    /** "path message (got value)". */
    public String detail(String prefix) {
      String at = prefix + path;
      String got =
          invalid == null || invalid instanceof Iterable<?> ? "" : " (got " + invalid + ")";
      return (at.isEmpty() ? "" : at + " ") + message + got;
    }
  }

  private final Validator validator;

  private ConfigValidator() {
    // a literal interpolator: our messages are plain text, and no EL is needed on the worker
    validator =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new Literal())
            .buildValidatorFactory()
            .getValidator();
  }

  public static ConfigValidator shared() {
    return SHARED;
  }

  /** Every problem of a whole configuration, ordered by path. */
  public List<Problem> validate(TrainingConfig config) {
    List<Problem> problems = problems(validator.validate(config), false);
    if (config.model() != null && config.model().type() != null) {
      problems.addAll(modelFields(config.model()));
    }
    DatasetSpec d = config.dataset();
    if (d != null) {
      problems.addAll(DatasetRules.problems(d));
    }
    // an idx dataset's image count is in its files: the API checks it there, the worker on load
    if (d != null && !d.isIdx() && d.trainLimit() != null && d.trainLimit() > trainingImages(d)) {
      problems.add(
          new Problem(
              "dataset.train_limit",
              "must be between 1 and "
                  + trainingImages(d)
                  + " (the training images left after validation_size)",
              d.trainLimit()));
    }
    problems.sort(Comparator.comparing(Problem::path));
    return problems;
  }

  /**
   * The rule between the data and the metric: without validation images ({@code validation_size} 0,
   * every training image trains) no val_* metric is measured, so the sweep must rank by a train_*
   * one. Null when {@code metricName} can be measured on {@code dataset}.
   */
  public static Problem metricProblem(DatasetSpec dataset, String metricName) {
    if (dataset == null || dataset.validationSize() != 0 || !metricName.startsWith("val_")) {
      return null;
    }
    return new Problem(
        "dataset.validation_size",
        "0 leaves no validation images, so metric.name "
            + metricName
            + " cannot be measured; with dataset.validation_size 0 use metric.name train_loss or"
            + " train_accuracy, or set dataset.validation_size to at least 1 (the default is"
            + " 10000)",
        null);
  }

  /** Problems of any contract bean (a definition block), paths from the bean. */
  public List<Problem> validateBean(Object bean) {
    return problems(validator.validate(bean), false);
  }

  /**
   * Problems of a dataset block on its own, paths from the configuration ("dataset.dir"): its
   * constraints and the rules between its fields.
   */
  public List<Problem> validateDataset(DatasetSpec dataset) {
    List<Problem> problems = new ArrayList<>();
    for (Problem p : problems(validator.validate(dataset), false)) {
      problems.add(new Problem("dataset." + p.path(), p.message(), p.invalid()));
    }
    problems.addAll(DatasetRules.problems(dataset));
    problems.sort(Comparator.comparing(Problem::path));
    return problems;
  }

  /** Problems of one value of {@code key}, with paths relative to the value ("" or "[1]"). */
  public List<Problem> validateValue(ConfigKeys.Key key, Object value) {
    return problems(validator.validateValue(key.owner(), key.component(), value), true);
  }

  /** The training images left after the validation split. */
  public static int trainingImages(DatasetSpec d) {
    return DatasetSpec.TRAIN_IMAGES - d.validationSize();
  }

  private static List<Problem> modelFields(ModelSpec m) {
    List<Problem> problems = new ArrayList<>();
    for (RecordComponent c : ModelSpec.class.getRecordComponents()) {
      ForModel forModel = c.getAnnotation(ForModel.class);
      if (forModel == null) {
        continue;
      }
      Object value;
      try {
        value = c.getAccessor().invoke(m);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      String path = "model." + ConfigKeys.jsonName(c.getName());
      boolean belongs = List.of(forModel.value()).contains(m.type());
      if (value != null && !belongs) {
        problems.add(
            new Problem(
                path,
                "belongs to model type "
                    + String.join(" or ", forModel.value())
                    + ", but model.type is "
                    + m.type(),
                null));
      }
    }
    if (m.type().equals("mlp") && m.hiddenLayers() == null) {
      problems.add(
          new Problem(
              "model.hidden_layers", "is required for model type mlp, such as [256, 128]", null));
    }
    return problems;
  }

  private static <T> List<Problem> problems(Set<ConstraintViolation<T>> violations, boolean rel) {
    List<Problem> problems = new ArrayList<>();
    for (ConstraintViolation<T> v : violations) {
      problems.add(
          new Problem(path(v.getPropertyPath(), rel), v.getMessage(), v.getInvalidValue()));
    }
    problems.sort(Comparator.comparing(Problem::path));
    return problems;
  }

  /** Bean Validation's path in JSON names: {@code hiddenLayers[1].<list element>} is [1]. */
  static String path(Path path, boolean relative) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (Path.Node node : path) {
      boolean skipName = relative && first;
      first = false;
      if (node.isInIterable() && node.getIndex() != null) {
        out.append('[').append(node.getIndex()).append(']');
      } else if (node.isInIterable() && node.getKey() != null) {
        out.append('.').append(node.getKey());
      }
      if (skipName || node.getName() == null || node.getName().startsWith("<")) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(ConfigKeys.jsonName(node.getName()));
    }
    return out.toString();
  }

  /** Messages are plain text; the constraints' built-in keys get a short plain text too. */
  private static final class Literal implements MessageInterpolator {
    private static final String ONE_OF_DEFAULT = "must be one of the listed names";

    @Override
    public String interpolate(String template, Context context) {
      if (context.getConstraintDescriptor().getAnnotation() instanceof OneOf oneOf
          && template.equals(ONE_OF_DEFAULT)) {
        return "must be one of " + String.join(", ", oneOf.value());
      }
      if (!template.startsWith("{")) {
        return template;
      }
      if (template.contains("NotNull")) {
        return "is required";
      }
      Object value = context.getConstraintDescriptor().getAttributes().get("value");
      String name =
          context.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
      return "is invalid ("
          + name.toLowerCase(Locale.ROOT)
          + (value == null ? "" : " " + value)
          + ")";
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
      return interpolate(template, context);
    }
  }
}
