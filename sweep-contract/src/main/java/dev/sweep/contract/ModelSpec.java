package dev.sweep.contract;

import java.util.List;

/**
 * The model shape. Fields that do not belong to {@code type} are null.
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
public record ModelSpec(
    String type,
    List<Integer> hiddenLayers,
    Integer patchSize,
    Integer hiddenDim,
    Integer blocks,
    Integer tokenMlpDim,
    Integer channelMlpDim,
    Boolean skip,
    Boolean layerNorm) {}
