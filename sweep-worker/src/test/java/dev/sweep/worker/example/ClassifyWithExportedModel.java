package dev.sweep.worker.example;

import java.io.File;
import java.io.IOException;
import java.io.ObjectInputFilter;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's "Use the best model" snippet, verbatim between the markers: it loads a model file
 * saved by {@code ./sweep export} and classifies one image. {@code ClassifyWithExportedModelTest}
 * runs it on a worker's export, {@code PoisonedCheckpointEndToEndTest} on a model downloaded from
 * {@code GET /api/trials/{id}/model}.
 */
public final class ClassifyWithExportedModel {
  private ClassifyWithExportedModel() {}

  // README:begin
  /** The class (0 = T-shirt/top ... 9 = ankle boot) of one 28x28 image, pixels row by row. */
  public static int classify(File modelZip, byte[] pixels) throws IOException {
    // a model zip may carry a Java-serialised preprocessor.bin: allow only JDK and DL4J classes
    if (ObjectInputFilter.Config.getSerialFilter() == null) {
      ObjectInputFilter.Config.setSerialFilter(
          ObjectInputFilter.Config.createFilter(
              "java.lang.*;java.util.*;java.math.*;org.nd4j.**;org.deeplearning4j.**;!*"));
    }
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(modelZip, false);
    float[] x = new float[28 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = (pixels[i] & 0xff) / 255f; // scaled to [0, 1], as in training
    }
    INDArray image = Nd4j.create(x, new long[] {1, x.length});
    return net.predict(image)[0];
  }
  // README:end
}
