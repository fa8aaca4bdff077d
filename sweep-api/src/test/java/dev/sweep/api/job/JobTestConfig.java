package dev.sweep.api.job;

import dev.sweep.api.support.MutableClock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the system clock, so a lease expires when a test says so. */
@TestConfiguration(proxyBeanMethods = false)
public class JobTestConfig {
  public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Bean
  @Primary
  MutableClock mutableClock() {
    return new MutableClock(START);
  }
}
