package dev.sweep.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.runtime.WorkerConfiguration;
import dev.sweep.worker.runtime.WorkerRuntime;
import dev.sweep.worker.support.FakeApi;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment variables compose and Kubernetes set reach the worker through relaxed binding.
 */
class WorkerPropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
          .withUserConfiguration(WorkerConfiguration.class);

  @Test
  void defaults() {
    runner
        .withPropertyValues("sweep.worker.poll=false")
        .run(
            ctx -> {
              WorkerProperties p = ctx.getBean(WorkerProperties.class);
              assertThat(p.api().url()).isEqualTo(URI.create("http://localhost:8080"));
              assertThat(p.api().token()).isNull();
              assertThat(p.worker().effectiveSlots())
                  .isEqualTo(Runtime.getRuntime().availableProcessors());
              assertThat(p.worker().claimWait()).isEqualTo(Duration.ofSeconds(20));
              assertThat(p.worker().heartbeatInterval()).isNull();
              assertThat(p.data().dir()).isNull();
              assertThat(p.data().cacheDir())
                  .isEqualTo(
                      Path.of(System.getProperty("user.home"), ".sweep/datasets/fashion-mnist"));
              assertThat(ctx)
                  .hasSingleBean(SweepApiClient.class)
                  .doesNotHaveBean(WorkerRuntime.class);
            });
  }

  @Test
  void environmentVariablesBindAndTheWorkerRegistersWithThem() throws Exception {
    FakeApi api = new FakeApi();
    Map<String, Object> env =
        Map.of(
            "SWEEP_API_URL", api.url().toString(),
            "SWEEP_API_TOKEN", "s3cret",
            "SWEEP_WORKER_SLOTS", "3",
            "SWEEP_WORKER_HEARTBEAT_INTERVAL", "7s",
            "SWEEP_WORKER_CLAIM_WAIT", "2s",
            "SWEEP_DATA_DIR", "/data/fmnist",
            "SWEEP_DATA_CACHE_DIR", "/cache");
    runner
        .withInitializer(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
        .run(
            ctx -> {
              WorkerProperties p = ctx.getBean(WorkerProperties.class);
              assertThat(p.api().url()).isEqualTo(api.url());
              assertThat(p.api().token()).isEqualTo("s3cret");
              assertThat(p.worker().effectiveSlots()).isEqualTo(3);
              assertThat(p.worker().heartbeatInterval()).isEqualTo(Duration.ofSeconds(7));
              assertThat(p.worker().claimWait()).isEqualTo(Duration.ofSeconds(2));
              assertThat(p.data().dir()).isEqualTo(Path.of("/data/fmnist"));
              assertThat(p.data().cacheDir()).isEqualTo(Path.of("/cache"));
              assertThat(ctx).hasSingleBean(WorkerRuntime.class);
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () ->
                          assertThat(api.registrations)
                              .singleElement()
                              .asString()
                              .contains("\"slots\":3"));
            });
    api.close();
  }
}
