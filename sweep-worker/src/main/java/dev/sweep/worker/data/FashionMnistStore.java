package dev.sweep.worker.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Loads Fashion-MNIST once per process, on first use, and hands the same arrays to every slot. */
public final class FashionMnistStore {
  private final DataLocator locator;
  private volatile FashionMnist data;

  public FashionMnistStore(DataLocator locator) {
    this.locator = locator;
  }

  public FashionMnist get() {
    FashionMnist d = data;
    if (d == null) {
      synchronized (this) {
        d = data;
        if (d == null) {
          try {
            d = locator.load();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot load Fashion-MNIST: " + e.getMessage(), e);
          }
          data = d;
        }
      }
    }
    return d;
  }
}
