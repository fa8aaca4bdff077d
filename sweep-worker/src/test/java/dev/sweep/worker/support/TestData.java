package dev.sweep.worker.support;

import dev.sweep.worker.WorkerProperties;
import dev.sweep.worker.data.DataLocator;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.data.FashionMnistStore;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

/**
 * The real Fashion-MNIST, found as the worker finds it ({@code SWEEP_DATA_DIR}, Debian's package,
 * then the download cache, filled with SHA-256 checks where the network allows) and loaded once per
 * test JVM as the worker loads it once per process.
 */
public final class TestData {
  private static final FashionMnistStore STORE = new FashionMnistStore(locator());

  private TestData() {}

  /** The worker's own {@code sweep.data} settings, bound from the environment. */
  private static DataLocator locator() {
    WorkerProperties.Data d =
        Binder.get(new StandardEnvironment())
            .bindOrCreate("sweep.data", WorkerProperties.Data.class);
    return new DataLocator(d.dir(), DataLocator.DEBIAN_DIR, d.cacheDir(), d.downloadUrl());
  }

  public static FashionMnistStore store() {
    return STORE;
  }

  public static FashionMnist fashionMnist() {
    return STORE.get();
  }
}
