package dev.sweep.worker.support;

import dev.sweep.worker.data.DataLocator;
import dev.sweep.worker.data.FashionMnist;
import dev.sweep.worker.data.FashionMnistStore;
import java.nio.file.Path;

/** The real Fashion-MNIST, loaded once per test JVM like the worker loads it once per process. */
public final class TestData {
  private static final FashionMnistStore STORE =
      new FashionMnistStore(
          new DataLocator(
              System.getenv("SWEEP_DATA_DIR") == null
                  ? null
                  : Path.of(System.getenv("SWEEP_DATA_DIR")),
              DataLocator.DEBIAN_DIR,
              null,
              null));

  private TestData() {}

  public static FashionMnistStore store() {
    return STORE;
  }

  public static FashionMnist fashionMnist() {
    return STORE.get();
  }
}
