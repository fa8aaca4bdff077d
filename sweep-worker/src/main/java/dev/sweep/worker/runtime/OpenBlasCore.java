package dev.sweep.worker.runtime;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells OpenBLAS which kernels to run, from the CPU's flags, before nd4j-native loads it.
 *
 * <p>Why: the OpenBLAS that nd4j-native 1.0.0-M2.1 ships (0.3.19) does not know recent CPUs. On an
 * AMD EPYC of family 1Ah, which has AVX-512, it took its oldest kernels, "Barcelona" (SSE2-era).
 * Measured there (2026-12-05, the fused MLP, batch 256, two slots), an epoch took 3.1-3.4 s with
 * those, 1.7 s with "Haswell" (AVX2) and 1.2 s with "SkylakeX" (AVX-512); the products alone ran at
 * 105 and 190 GFLOPS per core with the last two. (Debian's OpenBLAS 0.3.21, which PyTorch uses
 * there, picks AVX-512 kernels by itself.) So the worker sets {@code OPENBLAS_CORETYPE}, which
 * OpenBLAS reads when it loads, to the fastest kernels the CPU supports. A value set in the
 * environment is kept: a machine may pin the kernels on purpose, for the same bits everywhere.
 */
public final class OpenBlasCore {
  static final String VARIABLE = "OPENBLAS_CORETYPE";
  private static final Logger log = LoggerFactory.getLogger(OpenBlasCore.class);
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static final Set<String> AVX512 =
      Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
  private static final Set<String> AVX2 = Set.of("avx2", "fma");

  private OpenBlasCore() {}

  /** OpenBLAS's name for the fastest kernels these flags allow; empty: leave OpenBLAS to choose. */
  static Optional<String> forFlags(Set<String> flags) {
    if (flags.containsAll(AVX512)) {
      return Optional.of("SkylakeX");
    }
    if (flags.containsAll(AVX2)) {
      return Optional.of("Haswell");
    }
    return Optional.empty();
  }

  /** The flags of the first processor listed in a {@code /proc/cpuinfo} text; empty if none. */
  static Set<String> flags(String cpuinfo) {
    return cpuinfo
        .lines()
        .filter(l -> l.startsWith("flags"))
        .findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .map(s -> Arrays.stream(s.split("\\s+")).collect(Collectors.toUnmodifiableSet()))
        .orElse(Set.of());
  }

  /** Sets the variable for this process unless set; call before ND4J is first touched. */
  static void select() {
    Optional<String> best = bestForThisCpu();
    String set = System.getenv(VARIABLE);
    if (set == null) {
      best.ifPresent(OpenBlasCore::export);
    } else if (best.isPresent() && !best.get().equalsIgnoreCase(set)) {
      log.info(
          "OpenBLAS kernels: {} (from {}); this CPU also runs its {} kernels, the fastest it"
              + " supports (1.4x faster epochs than Haswell's, measured on one AVX-512 machine)",
          set,
          VARIABLE,
          best.get());
    } else {
      log.info("OpenBLAS kernels: {} (from {})", set, VARIABLE);
    }
  }

  /** {@link #forFlags} of this machine's CPU; empty off x86-64 Linux. */
  static Optional<String> bestForThisCpu() {
    // elsewhere OpenBLAS's own choice: only x86-64 Linux has been seen to guess wrong
    if (!"amd64".equals(System.getProperty("os.arch")) || !Files.isReadable(CPUINFO)) {
      return Optional.empty();
    }
    try {
      return forFlags(flags(Files.readString(CPUINFO)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void export(String core) {
    try {
      LibC c = (LibC) Native.loadLibrary("c", LibC.class);
      if (c.setenv(VARIABLE, core, 0) != 0) {
        throw new IllegalStateException("setenv failed");
      }
      log.info(
          "OpenBLAS kernels: {} (from the CPU's flags; set {} to choose others)", core, VARIABLE);
    } catch (RuntimeException | LinkageError e) {
      log.warn(
          "could not set {}={} ({}); OpenBLAS may pick slower kernels: set it in the environment",
          VARIABLE,
          core,
          e.toString());
    }
  }

  /**
   * The kernels the loaded OpenBLAS runs, as it names them; empty off the CPU backend or if it
   * cannot be asked. Call after ND4J has loaded.
   */
  static Optional<String> active() {
    try {
      String path = Loader.load(Class.forName("org.bytedeco.openblas.global.openblas_nolapack"));
      Function name = NativeLibrary.getInstance(path).getFunction("openblas_get_corename");
      return Optional.ofNullable(name.invokeString(new Object[0], false)).map(String::trim);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** The C library's environment, which OpenBLAS reads (Java's own copy is read-only). */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);
  }
}
