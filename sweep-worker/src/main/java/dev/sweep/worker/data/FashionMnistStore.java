package dev.sweep.worker.data;

import dev.sweep.contract.DatasetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The training data of a job: Fashion-MNIST, loaded once per process on first use and shared by
 * every slot, or an idx dataset ({@link IdxDatasetStore}), both in the same in-memory shape.
 */
public final class FashionMnistStore {
  private final DataLocator locator;
  private final IdxDatasetStore idx = new IdxDatasetStore();
  private volatile FashionMnist data;

  public FashionMnistStore(DataLocator locator) {
    this.locator = locator;
  }

  /** The data {@code spec} names: Fashion-MNIST unless it is an idx dataset. */
  public FashionMnist get(DatasetSpec spec) {
    return spec != null && spec.isIdx() ? idx.get(spec) : get();
  }

  public IdxDatasetStore idx() {
    return idx;
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
