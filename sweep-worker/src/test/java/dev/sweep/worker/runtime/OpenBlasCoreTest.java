package dev.sweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {

  @Test
  void choosesTheWidestKernelsTheFlagsAllow() {
    Set<String> avx2 = Set.of("sse2", "avx", "avx2", "fma");
    Set<String> avx512 =
        Set.of("avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    assertThat(OpenBlasCore.forFlags(avx512)).contains("SkylakeX");
    assertThat(OpenBlasCore.forFlags(avx2)).contains("Haswell");
    // AVX-512 Foundation alone (Xeon Phi) lacks what OpenBLAS's SkylakeX kernels use
    assertThat(OpenBlasCore.forFlags(Set.of("avx2", "fma", "avx512f", "avx512cd")))
        .contains("Haswell");
    assertThat(OpenBlasCore.forFlags(Set.of("sse2", "avx"))).isEmpty();
  }

  @Test
  void readsTheFirstProcessorsFlags() {
    String cpuinfo =
        "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 fma avx512f\n\n"
            + "processor\t: 1\nflags\t\t: fpu\n";
    assertThat(OpenBlasCore.flags(cpuinfo))
        .containsExactlyInAnyOrder("fpu", "avx2", "fma", "avx512f");
    assertThat(OpenBlasCore.flags("processor\t: 0\n")).isEmpty();
  }

  /** In a JVM of its own: OpenBLAS reads the variable once, when nd4j-native loads it. */
  @Test
  void theLoadedOpenBlasRunsTheChosenKernels() throws Exception {
    Optional<String> expected = OpenBlasCore.bestForThisCpu();
    assumeThat(expected).as("a CPU with AVX2 on x86-64 Linux").isPresent();
    assertThat(probe(null)).isEqualTo(expected.get());
  }

  @Test
  void keepsTheUsersChoice() throws Exception {
    assumeThat(OpenBlasCore.bestForThisCpu()).as("a CPU with AVX2 on x86-64 Linux").isPresent();
    assertThat(probe("Nehalem")).isEqualTo("Nehalem");
  }

  /** The core name a fresh worker JVM's OpenBLAS reports, with the variable set to {@code core}. */
  private static String probe(String core) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove(OpenBlasCore.VARIABLE);
    if (core != null) {
      pb.environment().put(OpenBlasCore.VARIABLE, core);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines()
        .filter(l -> l.startsWith("core="))
        .map(l -> l.substring("core=".length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no core in:\n" + out));
  }

  /** What the worker does at start, then asks OpenBLAS. */
  static final class Probe {
    public static void main(String[] args) {
      NativeFlavour.select();
      org.nd4j.linalg.factory.Nd4j.create(1);
      System.out.println("core=" + OpenBlasCore.active().orElse("?"));
    }
  }
}
