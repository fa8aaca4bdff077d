package dev.sweep.worker.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Everything needed to continue a job exactly: the network with its updater state and iteration
 * count ({@link ModelSerializer} with the updater), the number of completed epochs, and the state
 * of the data-order RNG for the next epoch. Stored as a zip of two entries.
 */
public record Checkpoint(int epoch, long nextOrderState, MultiLayerNetwork network) {
  static final int FORMAT = 1;
  private static final String STATE = "state.properties";
  private static final String MODEL = "model.zip";

  public byte[] toBytes() throws IOException {
    ByteArrayOutputStream model = new ByteArrayOutputStream(1 << 20);
    ModelSerializer.writeModel(network, model, true);
    Properties state = new Properties();
    state.setProperty("format", Integer.toString(FORMAT));
    state.setProperty("epoch", Integer.toString(epoch));
    state.setProperty("nextOrderState", Long.toString(nextOrderState));
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.size() + 1024);
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(STATE));
      StringBuilder sb = new StringBuilder();
      state.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      zip.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(MODEL));
      model.writeTo(zip);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  public static Checkpoint fromBytes(byte[] bytes) throws IOException {
    Properties state = null;
    byte[] model = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals(STATE)) {
          state = new Properties();
          state.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
        } else if (e.getName().equals(MODEL)) {
          model = zip.readAllBytes();
        }
      }
    }
    if (state == null || model == null) {
      throw new IOException("not a sweep checkpoint: missing " + (state == null ? STATE : MODEL));
    }
    if (!Integer.toString(FORMAT).equals(state.getProperty("format"))) {
      throw new IOException("unsupported checkpoint format " + state.getProperty("format"));
    }
    MultiLayerNetwork net =
        ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), true);
    return new Checkpoint(
        Integer.parseInt(state.getProperty("epoch")),
        Long.parseLong(state.getProperty("nextOrderState")),
        net);
  }
}
