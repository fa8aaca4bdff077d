package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Picks the checkpoint store named by {@code sweep.checkpoints.store}. */
@Configuration(proxyBeanMethods = false)
class CheckpointStoreConfig {
  @Bean
  CheckpointStore checkpointStore(SweepProperties props, JdbcTemplate jdbc, Clock clock) {
    SweepProperties.Checkpoints c = props.checkpoints();
    return switch (c.store()) {
      case FILE -> new FileCheckpointStore(c.dir());
      case POSTGRES -> new PostgresCheckpointStore(jdbc, clock);
    };
  }
}
