package dev.sweep.worker.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.worker.model.Standalone;
import dev.sweep.worker.support.Configs;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The model file the worker writes against the one DL4J's own ModelSerializer writes. */
class ModelFilesTest {
  @Test
  void aWrittenModelLoadsAsTheOneModelSerializerWritesDoes() throws Exception {
    MultiLayerNetwork net = Standalone.network(Configs.config().build());
    net.setParams(Nd4j.rand(DataType.FLOAT, 1, net.numParams()).subi(0.5));
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, theirs, false);

    MultiLayerNetwork ours = ModelFiles.load(ModelFiles.write(net));
    MultiLayerNetwork reference = ModelFiles.load(theirs.toByteArray());

    assertThat(ours.getLayerWiseConfigurations().toJson())
        .isEqualTo(reference.getLayerWiseConfigurations().toJson());
    assertThat(ours.params().toFloatVector()).isEqualTo(reference.params().toFloatVector());
    INDArray images = Nd4j.rand(DataType.FLOAT, 8, 784);
    assertThat(ours.output(images).toFloatMatrix())
        .isEqualTo(reference.output(images).toFloatMatrix());
  }
}
