package dev.sweep.worker.training;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java deserialisation under an allowlist. Checkpoints (format 2) hold numbers only, but a DL4J
 * {@code ModelSerializer} zip may carry a {@code preprocessor.bin} that {@code
 * restoreMultiLayerNetwork} reads with a plain {@link ObjectInputStream}: any class on the class
 * path could run code there. The worker installs {@link #ALLOWLIST} as the JVM-wide filter at
 * start-up, so every {@code ObjectInputStream} in the process (DL4J's included) is bound by it, and
 * {@link #load} checks such entries with the filter itself before DL4J sees the bytes.
 */
public final class ModelFiles {
  private static final Logger log = LoggerFactory.getLogger(ModelFiles.class);

  /**
   * JDK value classes and DL4J/ND4J's own; everything else is rejected, and graphs are bounded so a
   * crafted stream cannot exhaust memory.
   */
  public static final String ALLOWLIST =
      "maxdepth=64;maxrefs=1000000;maxarray=268435456;"
          + "java.lang.*;java.util.*;java.math.*;org.nd4j.**;org.deeplearning4j.**;!*";

  private static final String[] SERIALIZED_ENTRIES = {"preprocessor.bin"};
  private static final String CONFIGURATION = "configuration.json";
  private static final String COEFFICIENTS = "coefficients.bin";

  private ModelFiles() {}

  public static ObjectInputFilter filter() {
    return ObjectInputFilter.Config.createFilter(ALLOWLIST);
  }

  /**
   * Makes {@link #ALLOWLIST} the process-wide deserialisation filter, unless the operator set one
   * with {@code -Djdk.serialFilter} (which then applies instead). Idempotent.
   */
  public static synchronized void installJvmWide() {
    ObjectInputFilter current = ObjectInputFilter.Config.getSerialFilter();
    if (current == null) {
      ObjectInputFilter.Config.setSerialFilter(filter());
    } else if (!ALLOWLIST.equals(current.toString())) {
      log.info("keeping the JVM's deserialisation filter {}", current);
    }
  }

  /**
   * Loads a ModelSerializer zip (without updater state). Entries DL4J reads with Java serialisation
   * are first read under the allowlist; a class outside it fails the load with {@link
   * InvalidClassException} before DL4J deserialises anything.
   */
  public static MultiLayerNetwork load(byte[] zip) throws IOException {
    checkSerializedEntries(zip);
    return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
  }

  /**
   * The network as the zip {@code ModelSerializer.writeModel(net, out, false)} writes (its
   * configuration JSON and its parameters in ND4J's binary form, under the same entry names), but
   * stored rather than deflated: trained float weights shrink by under a tenth, and deflating cost
   * about 30 ms per megabyte on the slot's thread at every trial's end.
   */
  public static byte[] write(MultiLayerNetwork net) throws IOException {
    INDArray params = net.params();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4 * (int) params.length() + (1 << 14));
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry(CONFIGURATION));
      zip.write(net.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(COEFFICIENTS));
      DataOutputStream data = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
      Nd4j.write(params, data);
      data.flush();
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  static void checkSerializedEntries(byte[] zip) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        for (String name : SERIALIZED_ENTRIES) {
          if (name.equals(e.getName())) {
            ObjectInputStream objects = new ObjectInputStream(in);
            objects.setObjectInputFilter(filter());
            try {
              objects.readObject();
            } catch (ClassNotFoundException ex) {
              throw new InvalidClassException(ex.getMessage());
            }
          }
        }
      }
    }
  }
}
