package dev.sweep.api.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A validated sweep definition with every default filled: what {@code sweep.definition} stores and
 * what its hash is taken over. Serialises to the snake_case names users write.
 *
 * @param method "grid", "random" or "bayes"
 * @param parameters every training parameter (filled with its default as {@code value} when the
 *     user did not give it), plus any model field the user swept; keys in {@link ParameterCatalog}
 *     order
 * @param runCap number of trials for {@code random} and {@code bayes}; null for grid
 * @param cache false when the definition says {@code cache: false} (train even what a finished run
 *     already trained); null, the default, uses the result cache
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepDefinition(
    String name,
    String method,
    Metric metric,
    Dataset dataset,
    Model model,
    Map<String, Parameter> parameters,
    Integer runCap,
    Boolean cache) {

  /** Finished runs with the same training key, data and training code are reused. */
  @JsonIgnore
  public boolean usesCache() {
    return cache == null || cache;
  }

  public record Metric(String name, String goal) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Dataset(String name, int validationSize, Integer trainLimit, long seed) {}

  /**
   * The model's fixed fields. A field that is swept under {@code parameters} is absent here; fields
   * that do not belong to {@code type} are null.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(
      String type,
      List<Integer> hiddenLayers,
      Integer patchSize,
      Integer hiddenDim,
      Integer blocks,
      Integer tokenMlpDim,
      Integer channelMlpDim,
      Boolean skip,
      Boolean layerNorm) {}

  /**
   * One parameter: exactly one of {@code values}, {@code value}, or {@code min}/{@code max} (random
   * only). Values are already normalised (aliases resolved, numbers typed).
   *
   * @param distribution "uniform" or "log_uniform" (min and max are the values, not exponents)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Parameter(
      List<Object> values, Object value, Number min, Number max, String distribution) {

    public static Parameter of(Object value) {
      return new Parameter(null, value, null, null, null);
    }

    @JsonIgnore
    public boolean isRange() {
      return min != null;
    }
  }
}
