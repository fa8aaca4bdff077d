package dev.sweep.worker;

import dev.sweep.worker.runtime.NativeFlavour;
import dev.sweep.worker.training.ModelFiles;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker process: no web server, just the claim loop of {@code runtime.WorkerRuntime}.
 *
 * <p>Its defaults live here rather than in an {@code application.yml}, so that a test which puts
 * the worker and sweep-api on one classpath does not hand the worker's file to the API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SweepWorkerApplication {

  /** SIGTERM lets the running epoch finish, checkpoint and release; a mixer epoch takes minutes. */
  public static final Map<String, Object> DEFAULTS =
      Map.of(
          "spring.application.name", "sweep-worker",
          "spring.lifecycle.timeout-per-shutdown-phase", "30m");

  public static void main(String[] args) {
    NativeFlavour.select();
    // before anything deserialises: DL4J's ModelSerializer reads preprocessor.bin unfiltered
    ModelFiles.installJvmWide();
    new SpringApplicationBuilder(SweepWorkerApplication.class)
        .web(WebApplicationType.NONE)
        .properties(DEFAULTS)
        .run(withFlags(args));
  }

  /** {@code --simulate} is short for {@code --sweep.simulate.enabled=true}. */
  static String[] withFlags(String[] args) {
    return Arrays.stream(args)
        .map(a -> a.equals("--simulate") ? "--sweep.simulate.enabled=true" : a)
        .toArray(String[]::new);
  }
}
