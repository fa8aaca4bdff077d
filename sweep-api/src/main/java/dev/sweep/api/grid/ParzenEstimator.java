package dev.sweep.api.grid;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One dimension's density in TPE: a mixture of normal kernels truncated to {@code [lo, hi]}, one on
 * each observation plus a broad prior kernel on the middle of the range, all weighted equally. Each
 * kernel's width is the larger gap to its neighbours (the bounds for the outermost), clipped to
 * between {@code (hi - lo) / min(100, n + 1)} and {@code hi - lo}: the adaptive widths of Bergstra
 * et al. (2011), which narrow where observations crowd.
 */
final class ParzenEstimator {
  private final double lo;
  private final double hi;
  private final double[] mu;
  private final double[] sigma;
  private final double[] mass; // each kernel's probability inside [lo, hi]

  /** {@code points} are in the search's own scale (logarithms for log-uniform parameters). */
  ParzenEstimator(double[] points, double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
    int n = points.length;
    double range = hi - lo;
    mu = new double[n + 1];
    sigma = new double[n + 1];
    double[] sorted = points.clone();
    Arrays.sort(sorted);
    double minSigma = range / Math.min(100, n + 1);
    for (int i = 0; i < n; i++) {
      double left = sorted[i] - (i == 0 ? lo : sorted[i - 1]);
      double right = (i == n - 1 ? hi : sorted[i + 1]) - sorted[i];
      mu[i] = sorted[i];
      sigma[i] = Math.min(range, Math.max(minSigma, Math.max(left, right)));
    }
    mu[n] = (lo + hi) / 2;
    sigma[n] = range;
    mass = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      mass[i] = Math.max(1e-12, phi((hi - mu[i]) / sigma[i]) - phi((lo - mu[i]) / sigma[i]));
    }
  }

  /** A draw: a kernel chosen uniformly, then a normal draw from it inside the bounds. */
  double sample(SplittableRandom random) {
    int k = random.nextInt(mu.length);
    for (int tries = 0; tries < 100; tries++) {
      double x = mu[k] + sigma[k] * gaussian(random);
      if (x >= lo && x <= hi) {
        return x;
      }
    }
    return Math.min(hi, Math.max(lo, mu[k]));
  }

  double logDensity(double x) {
    double sum = 0;
    for (int i = 0; i < mu.length; i++) {
      double z = (x - mu[i]) / sigma[i];
      sum += Math.exp(-0.5 * z * z) / (sigma[i] * mass[i]);
    }
    return Math.log(Math.max(sum / mu.length, Double.MIN_NORMAL));
  }

  /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
  static double phi(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-x * x);
    return 0.5 * (1 + (z < 0 ? -erf : erf));
  }
}
