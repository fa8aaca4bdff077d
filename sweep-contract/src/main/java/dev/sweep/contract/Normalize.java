package dev.sweep.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * Per-pixel normalisation of the input: a pixel scaled to [0, 1] becomes {@code (x - mean) / std}
 * (Fashion-MNIST's own are mean 0.2860, std 0.3530). Applied to training, validation and test
 * images alike.
 *
 * @param mean subtracted, in [-10, 10]
 * @param std divided by, in (0, 10]
 */
public record Normalize(
    @JsonProperty("mean")
        @NotNull
        @DecimalMin(value = "-10", message = "must be between -10 and 10")
        @DecimalMax(value = "10", message = "must be between -10 and 10")
        Double mean,
    @JsonProperty("std")
        @NotNull
        @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 10]")
        @DecimalMax(value = "10", message = "must be in (0, 10]")
        Double std) {}
