package dev.sweep.worker.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.client.SweepApiClient;
import dev.sweep.worker.data.DataLocator;
import dev.sweep.worker.data.FashionMnistStore;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's beans; the claim loop only when {@code sweep.worker.poll} is true (default). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

  @Bean
  FashionMnistStore fashionMnistStore(WorkerProperties props) {
    WorkerProperties.Data d = props.data();
    return new FashionMnistStore(
        new DataLocator(d.dir(), DataLocator.DEBIAN_DIR, d.cacheDir(), d.downloadUrl()));
  }

  @Bean
  SweepApiClient sweepApiClient(WorkerProperties props, ObjectMapper json) {
    WorkerProperties.Api a = props.api();
    return new SweepApiClient(
        a.url(), a.token(), a.requestTimeout(), a.maxRetries(), a.retryBackoff(), json);
  }

  /** DL4J on Fashion-MNIST, or synthetic curves with {@code sweep.simulate.enabled}. */
  @Bean
  Trainer trainer(WorkerProperties props, FashionMnistStore data) {
    return props.simulate().enabled()
        ? new SimulatedTrainer(props.simulate().epochTime())
        : new Dl4jTrainer(data);
  }

  /** A refused token ends the process with {@link WorkerRuntime#EXIT_TOKEN_REFUSED}. */
  @Bean
  @ConditionalOnProperty(name = "sweep.worker.poll", havingValue = "true", matchIfMissing = true)
  WorkerRuntime workerRuntime(
      SweepApiClient api,
      Trainer trainer,
      WorkerProperties props,
      ConfigurableApplicationContext context) {
    return new WorkerRuntime(
        api,
        trainer,
        props.worker(),
        reason ->
            // its own thread: closing the context waits for the slot threads, one of which is
            // the caller
            new Thread(
                    () ->
                        System.exit(
                            SpringApplication.exit(
                                context, () -> WorkerRuntime.EXIT_TOKEN_REFUSED)),
                    "sweep-exit")
                .start());
  }
}
