package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The model shape. Fields marked {@link ForModel} belong to those types only and are null for the
 * others; in a definition's {@code model} block, a field swept under {@code parameters} is null.
 *
 * @param type "mlp" or "mixer"
 * @param hiddenLayers mlp: widths of the hidden layers, for example [256, 128]
 * @param patchSize mixer: side of the square patches; must divide 28
 * @param hiddenDim mixer: features per patch after the stem
 * @param blocks mixer: number of mixer blocks
 * @param tokenMlpDim mixer: hidden width of the token-mixing MLP
 * @param channelMlpDim mixer: hidden width of the channel-mixing MLP
 * @param skip mixer: residual connections around each MLP
 * @param layerNorm mixer: layer normalisation before each MLP
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
    @JsonProperty("type") @NotNull @OneOf({"mlp", "mixer"}) String type,
    @JsonProperty("hidden_layers") @ForModel("mlp") @Size(min = 1, message = "must not be empty")
        List<
                @NotNull @Min(value = 1, message = "must be at least 1")
                @Max(value = MAX_WIDTH, message = "must be at most 16384") Integer>
            hiddenLayers,
    @JsonProperty("patch_size") @ForModel("mixer") @DividesImage Integer patchSize,
    @JsonProperty("hidden_dim")
        @ForModel("mixer")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = MAX_WIDTH, message = "must be at most 16384")
        Integer hiddenDim,
    @JsonProperty("blocks")
        @ForModel("mixer")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 64, message = "must be at most 64")
        Integer blocks,
    @JsonProperty("token_mlp_dim")
        @ForModel("mixer")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = MAX_WIDTH, message = "must be at most 16384")
        Integer tokenMlpDim,
    @JsonProperty("channel_mlp_dim")
        @ForModel("mixer")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = MAX_WIDTH, message = "must be at most 16384")
        Integer channelMlpDim,
    @JsonProperty("skip") @ForModel("mixer") Boolean skip,
    @JsonProperty("layer_norm") @ForModel("mixer") Boolean layerNorm) {

  public static final int MAX_WIDTH = 16_384;

  /** The seed's models: an MLP [256, 128], and the Mixer without skip or norm. */
  public static ModelSpec defaults(String type) {
    return switch (type) {
      case "mlp" ->
          new ModelSpec("mlp", List.of(256, 128), null, null, null, null, null, null, null);
      case "mixer" -> new ModelSpec("mixer", null, 7, 128, 2, 64, 256, false, false);
      default -> throw new IllegalArgumentException("unknown model type " + type);
    };
  }
}
