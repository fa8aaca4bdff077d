package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A validated sweep definition with every default filled: what {@code sweep.definition} stores and
 * what its hash is taken over. Serialises to the snake_case names users write.
 *
 * <p><b>Adding a top-level key</b>: add a component here, {@code @JsonProperty("snake_name")},
 * usually a record of its own in this package with Bean Validation constraints (messages read as
 * "path message"). The API's reader binds it with Jackson, validates it with {@link
 * ConfigValidator#validateBean} (400 naming {@code key.field}) and leaves it null when absent, so
 * existing definitions keep their hash. Add the canonical constructor argument where this record is
 * built by hand (only tests; the reader builds it reflectively).
 *
 * @param method "grid", "random" or "bayes"
 * @param model the model's fixed fields; a field swept under {@code parameters} is null here
 * @param parameters every training parameter (filled with its default as {@code value} when the
 *     user did not give it), plus any model field the user swept; keys in {@link ConfigKeys} order
 * @param runCap number of trials for {@code random} and {@code bayes}; null for grid
 * @param earlyTerminate the early termination rule, normalised; null for none
 * @param cache false when the definition says {@code cache: false} (train even what a finished run
 *     already trained); null, the default, uses the result cache
 * @param fusion false trains every job of the sweep alone; absent (null) or true lets the planner
 *     form fusion groups of up to {@code sweep.fusion.max-trials} jobs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepDefinition(
    @JsonProperty("name") String name,
    @JsonProperty("method") String method,
    @JsonProperty("metric") Metric metric,
    @JsonProperty("dataset") DatasetSpec dataset,
    @JsonProperty("model") ModelSpec model,
    @JsonProperty("parameters") Map<String, Parameter> parameters,
    @JsonProperty("run_cap") Integer runCap,
    @JsonProperty("early_terminate") EarlyTerminate earlyTerminate,
    @JsonProperty("cache") Boolean cache,
    @JsonProperty("fusion") Boolean fusion) {

  /** Finished runs with the same training key, data and training code are reused. */
  @JsonIgnore
  public boolean usesCache() {
    return cache == null || cache;
  }

  /** Whether the planner may form fusion groups for this sweep ({@code fusion} not false). */
  @JsonIgnore
  public boolean fused() {
    return !Boolean.FALSE.equals(fusion);
  }

  /** What trials are ranked by. */
  public record Metric(@JsonProperty("name") String name, @JsonProperty("goal") String goal) {}

  /**
   * One parameter: exactly one of {@code values}, {@code value}, or {@code min}/{@code max} (random
   * and bayes only). Values are already normalised (aliases resolved, numbers typed).
   *
   * @param distribution "uniform" or "log_uniform" (min and max are the values, not exponents)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Parameter(
      @JsonProperty("values") List<Object> values,
      @JsonProperty("value") Object value,
      @JsonProperty("min") Number min,
      @JsonProperty("max") Number max,
      @JsonProperty("distribution") String distribution) {

    public static Parameter of(Object value) {
      return new Parameter(null, value, null, null, null);
    }

    @JsonIgnore
    public boolean isRange() {
      return min != null;
    }
  }
}
