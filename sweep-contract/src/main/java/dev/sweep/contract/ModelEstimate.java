package dev.sweep.contract;

import java.util.List;

/**
 * What a model will cost before it is built: its parameter count (exact for these layers), the
 * activation memory of one training batch (float32 activations kept for the backward pass, plus
 * their gradients) and the multiply-adds of one sample's forward pass. The API refuses definitions
 * over its limits with it and orders its queue by it (the multiply-adds), and the worker can check
 * a job the same way before allocating anything.
 *
 * @param parameters weights and biases
 * @param activationBytes bytes of activations and their gradients for one batch
 * @param multiplyAdds multiply-adds of one sample's forward pass (its matrix products)
 */
public record ModelEstimate(long parameters, long activationBytes, long multiplyAdds) {
  static final int IMAGE_SIDE = 28;
  static final int PIXELS = IMAGE_SIDE * IMAGE_SIDE;
  static final int CLASSES = 10;
  private static final long FLOAT = 4;

  /**
   * The estimate of {@code model} trained at {@code batchSize}; saturates instead of overflowing.
   */
  public static ModelEstimate of(ModelSpec model, int batchSize) {
    return "mixer".equals(model.type()) ? mixer(model, batchSize) : mlp(model, batchSize);
  }

  private static ModelEstimate mlp(ModelSpec model, int batchSize) {
    List<Integer> hidden = model.hiddenLayers() == null ? List.of() : model.hiddenLayers();
    long weights = 0;
    long widths = 0;
    long in = PIXELS;
    for (int h : hidden) {
      weights = add(weights, mul(in, h));
      widths = add(widths, h);
      in = h;
    }
    weights = add(weights, mul(in, CLASSES));
    widths = add(widths, CLASSES);
    // the input once, every layer's output and its gradient
    long perSample = add(PIXELS, mul(2, widths));
    // a dense layer multiplies and adds once per weight; its biases are one each of its outputs
    return new ModelEstimate(add(weights, widths), mul(mul(perSample, batchSize), FLOAT), weights);
  }

  private static ModelEstimate mixer(ModelSpec m, int batchSize) {
    long p = orDefault(m.patchSize(), 7);
    long patches = (IMAGE_SIDE / Math.max(1, p)) * (IMAGE_SIDE / Math.max(1, p));
    long d = orDefault(m.hiddenDim(), 128);
    long blocks = orDefault(m.blocks(), 2);
    long t = orDefault(m.tokenMlpDim(), 64);
    long c = orDefault(m.channelMlpDim(), 256);
    boolean norm = Boolean.TRUE.equals(m.layerNorm());
    long stem = add(mul(p * p, d), d);
    long tokenMlp = add(add(mul(patches, t), t), add(mul(t, patches), patches));
    long channelMlp = add(add(mul(d, c), c), add(mul(c, d), d));
    long block = add(add(tokenMlp, channelMlp), norm ? 4 * d : 0);
    long params = add(add(stem, mul(blocks, block)), add(mul(d, CLASSES), CLASSES));
    long pd = mul(patches, d);
    // per block: token hidden (d x t), token out, channel hidden (patches x c), channel out,
    // and the normalised inputs when layer_norm is on
    long blockActs = add(add(mul(d, t), pd), add(mul(patches, c), pd));
    blockActs = add(blockActs, norm ? mul(2, pd) : 0);
    long perSample = add(PIXELS, mul(2, add(add(pd, mul(blocks, blockActs)), d + CLASSES)));
    // the stem per patch; the token MLP per channel and the channel MLP per patch, both ways
    long tokenProducts = mul(mul(2, d), mul(patches, t));
    long channelProducts = mul(mul(2, patches), mul(d, c));
    long multiplyAdds =
        add(
            add(mul(patches, mul(p * p, d)), mul(blocks, add(tokenProducts, channelProducts))),
            mul(d, CLASSES));
    return new ModelEstimate(params, mul(mul(perSample, batchSize), FLOAT), multiplyAdds);
  }

  private static long orDefault(Integer v, int dflt) {
    return v == null ? dflt : v;
  }

  private static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private static long mul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }
}
