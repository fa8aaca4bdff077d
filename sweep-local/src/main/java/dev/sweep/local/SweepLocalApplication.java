package dev.sweep.local;

import dev.sweep.api.SweepApiApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The API of the quick start: exactly sweep-api, plus an embedded PostgreSQL ({@link
 * EmbeddedDatabaseConfig}) that starts alongside the context ({@link EmbeddedDatabaseStart}),
 * before the data source, and stops after it. It lives in its own jar so that the production API
 * image carries neither zonky's PostgreSQL binaries nor its {@code unshare} trick for root.
 */
public final class SweepLocalApplication {
  private SweepLocalApplication() {}

  public static void main(String[] args) {
    application().run(args);
  }

  static SpringApplicationBuilder application() {
    // a new EmbeddedDatabaseStart per application: it starts the server once, for this run
    return new SpringApplicationBuilder(SweepApiApplication.class, EmbeddedDatabaseConfig.class)
        .listeners(new EmbeddedDatabaseStart());
  }
}
