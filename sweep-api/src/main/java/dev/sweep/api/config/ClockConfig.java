package dev.sweep.api.config;

import dev.sweep.api.outage.DatabaseClock;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One injectable clock, so lease and timeout tests move time instead of sleeping. In service it
 * follows the database's clock, which is the one lease expiries are stored and compared in.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfig {

  @Bean
  Clock clock(JdbcTemplate jdbc) {
    return new DatabaseClock(jdbc, Clock.systemUTC());
  }
}
