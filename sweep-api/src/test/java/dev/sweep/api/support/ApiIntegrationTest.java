package dev.sweep.api.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full sweep-api on a random port, migrated by Flyway, against {@link TestPostgres}, with
 * authentication on: the injected {@code TestRestTemplate} sends {@link TestTokens}. Idle contexts
 * hold at most two database connections.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sweep.checkpoints.dir=${java.io.tmpdir}/sweep-test-checkpoints",
      // Spring keeps every distinct test context open; at Hikari's default (minimum idle = the
      // pool size, 20) a handful of them exhaust a shared PostgreSQL's 100 connections
      "spring.datasource.hikari.minimum-idle=2",
      // tests truncate the worker table and reset the clock between claims by the same ids
      "sweep.queue.seen-write=0s",
      TestTokens.USER_PROPERTY,
      TestTokens.WORKER_PROPERTY
    })
@ContextConfiguration(initializers = TestPostgres.Initializer.class)
@Import(TestTokens.class)
public @interface ApiIntegrationTest {}
