package dev.sweep.worker.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sweep.contract.Sha256;
import dev.sweep.contract.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One job's checkpoint, whether the job trained alone or in a fused group: a zip of a properties
 * header ({@code format}, {@code epoch}, {@code iteration}, {@code nextOrderState} of the
 * data-order RNG, {@code config} = SHA-256 of the canonical training configuration, {@code layout}
 * of the trial's parameters, value counts) and two raw little-endian float32 arrays: the trial's
 * parameters ({@code params.f32}) and its optimizer state ({@code updater.f32}), as {@link
 * TrialSlice} lays them out. Restoring reads numbers only: no Java serialisation, no DL4J model
 * file; the network is rebuilt from the configuration and the slice is written into it.
 */
record Checkpoint(
    int epoch, int iteration, long nextOrderState, String configHash, TrialSlice slice) {
  static final int FORMAT = 2;
  private static final String HEADER = "checkpoint.properties";
  private static final String PARAMS = "params.f32";
  private static final String STATE = "updater.f32";
  private static final int MAX_HEADER = 1 << 16;
  private static final int MAX_VALUES = 1 << 28;
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** SHA-256 of the configuration as canonical JSON (sorted keys, nulls left out). */
  static String hash(TrainingConfig config) {
    try {
      return Sha256.hex(CANONICAL.writeValueAsBytes(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a training configuration is always JSON", e);
    }
  }

  byte[] toBytes() throws IOException {
    Properties header = new Properties();
    header.setProperty("format", Integer.toString(FORMAT));
    header.setProperty("epoch", Integer.toString(epoch));
    header.setProperty("iteration", Integer.toString(iteration));
    header.setProperty("nextOrderState", Long.toString(nextOrderState));
    header.setProperty("config", configHash);
    header.setProperty("layout", slice.layout());
    header.setProperty("params", Integer.toString(slice.params().length));
    header.setProperty("updaterState", Integer.toString(slice.updaterState().length));
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(4 * (slice.params().length + slice.updaterState().length) + 4096);
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      // stored: float state hardly deflates, and deflating took 50 ms per group member on the
      // training thread at every checkpoint (a reader takes deflated entries as well)
      zip.setLevel(Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry(HEADER));
      StringBuilder sb = new StringBuilder();
      header.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      zip.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(PARAMS));
      zip.write(floats(slice.params()));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(STATE));
      zip.write(floats(slice.updaterState()));
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  static Checkpoint fromBytes(byte[] bytes) throws IOException {
    Properties header = null;
    byte[] params = null;
    byte[] state = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        switch (e.getName()) {
          case HEADER -> {
            header = new Properties();
            header.load(
                new StringReader(new String(read(zip, MAX_HEADER), StandardCharsets.UTF_8)));
          }
          case PARAMS -> params = read(zip, 4 * count(header, "params"));
          case STATE -> state = read(zip, 4 * count(header, "updaterState"));
          default -> throw new IOException("unexpected checkpoint entry " + e.getName());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("not a sweep checkpoint: " + e.getMessage(), e);
    }
    if (header == null || params == null || state == null) {
      throw new IOException(
          "not a sweep checkpoint of format "
              + FORMAT
              + ": needs "
              + HEADER
              + ", "
              + PARAMS
              + " and "
              + STATE
              + " in that order");
    }
    if (!Integer.toString(FORMAT).equals(header.getProperty("format"))) {
      throw new IOException("unsupported checkpoint format " + header.getProperty("format"));
    }
    try {
      return new Checkpoint(
          Integer.parseInt(header.getProperty("epoch")),
          Integer.parseInt(header.getProperty("iteration")),
          Long.parseLong(header.getProperty("nextOrderState")),
          require(header, "config"),
          new TrialSlice(
              require(header, "layout"),
              values(params, count(header, "params")),
              values(state, count(header, "updaterState"))));
    } catch (NumberFormatException e) {
      throw new IOException("bad checkpoint header: " + e.getMessage(), e);
    }
  }

  private static int count(Properties header, String key) throws IOException {
    if (header == null) {
      throw new IOException("checkpoint header must come first");
    }
    int n = Integer.parseInt(require(header, key));
    if (n < 0 || n > MAX_VALUES) {
      throw new IOException("checkpoint " + key + " count out of range: " + n);
    }
    return n;
  }

  private static String require(Properties header, String key) throws IOException {
    String v = header.getProperty(key);
    if (v == null) {
      throw new IOException("checkpoint header lacks " + key);
    }
    return v;
  }

  /** At most {@code limit} bytes of the current entry; more is an error, not a silent cut. */
  private static byte[] read(InputStream in, int limit) throws IOException {
    byte[] data = in.readNBytes(limit);
    if (in.read() != -1) {
      throw new IOException("checkpoint entry larger than its header says");
    }
    return data;
  }

  private static float[] values(byte[] bytes, int count) throws IOException {
    if (bytes.length != 4 * count) {
      throw new IOException("expected " + count + " values, found " + bytes.length / 4);
    }
    float[] out = new float[count];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  private static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }
}
