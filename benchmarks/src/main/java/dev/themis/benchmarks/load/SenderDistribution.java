package dev.themis.benchmarks.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Senders drawn from a Zipf distribution: sender 0 is the most frequent, sender {@code k} is drawn
 * with weight {@code 1 / (k+1)^s}. Real mail is like this: a few accounts and scripts send most of
 * it, so the same objects' counters are hit again and again (the hard case for a limiter).
 */
final class SenderDistribution {
    private final double[] cdf;

    SenderDistribution(int senders, double exponent) {
        if (senders < 1) {
            throw new IllegalArgumentException("need at least one sender");
        }
        cdf = new double[senders];
        double sum = 0;
        for (int k = 0; k < senders; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < senders; k++) {
            cdf[k] /= sum;
        }
    }

    int next(SplittableRandom random) {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }
}
