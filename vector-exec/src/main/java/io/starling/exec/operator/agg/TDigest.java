package io.starling.exec.operator.agg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A merging t-digest (Dunning and Ertl, "Computing extremely accurate quantiles using t-digests", 2019): sorted
 * centroids (mean, weight) plus a buffer of unmerged points; when the buffer fills, everything is sorted and
 * greedily merged so that a centroid spans at most one unit of the k1 scale function
 * {@code k(q) = compression / (2 pi) * asin(2q - 1)}, which keeps the tails (q near 0 or 1) fine-grained. Merging
 * two digests feeds one's centroids into the other's buffer.
 *
 * <p>Quantiles interpolate linearly between centroid centres, where a centroid of weight w that starts after
 * cumulative weight c is centred at rank {@code c + (w - 1) / 2} (0-based), and the target rank of quantile p is
 * {@code p * (n - 1)}. So as long as every centroid is a single point (fewer than about compression / pi values)
 * the answer is exactly the linearly interpolated percentile, the same as PERCENTILE_CONT.
 */
final class TDigest
{
    /** StarRocks' default and upper compression; values outside [MIN, DEFAULT] fall back to the default. */
    static final double DEFAULT_COMPRESSION = 10000;
    static final double MIN_COMPRESSION = 2048;

    private final double compression;
    private double[] means = new double[8];
    private double[] weights = new double[8];
    private int centroids;
    private double[] buffer = new double[8];
    private double[] bufferWeights = new double[8];
    private int buffered;
    private double total;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    TDigest(double compression)
    {
        this.compression = compression >= MIN_COMPRESSION && compression <= DEFAULT_COMPRESSION ? compression : DEFAULT_COMPRESSION;
    }

    double compression()
    {
        return compression;
    }

    /** Points that may be buffered before a compression: one per unit of compression. */
    private int bufferLimit()
    {
        return (int) compression;
    }

    /** Approximate heap bytes, for memory accounting. */
    long bytes()
    {
        return 16L * (means.length + buffer.length);
    }

    double count()
    {
        return total;
    }

    void add(double x)
    {
        add(x, 1);
    }

    private void add(double x, double w)
    {
        if (buffered == buffer.length) {
            if (buffered >= bufferLimit()) {
                compress();
            }
            else {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
                bufferWeights = Arrays.copyOf(bufferWeights, buffer.length);
            }
        }
        buffer[buffered] = x;
        bufferWeights[buffered++] = w;
        total += w;
        min = Math.min(min, x);
        max = Math.max(max, x);
    }

    void merge(TDigest other)
    {
        other.compress();
        for (int i = 0; i < other.centroids; i++) {
            add(other.means[i], other.weights[i]);
        }
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Folds the buffer into the centroids. */
    void compress()
    {
        if (buffered == 0) {
            return;
        }
        int n = centroids + buffered;
        double[] m = new double[n];
        double[] w = new double[n];
        System.arraycopy(means, 0, m, 0, centroids);
        System.arraycopy(weights, 0, w, 0, centroids);
        System.arraycopy(buffer, 0, m, centroids, buffered);
        System.arraycopy(bufferWeights, 0, w, centroids, buffered);
        sortByMean(m, w, n);
        double[] outM = new double[n];
        double[] outW = new double[n];
        int out = 0;
        double sumBefore = 0;
        outM[0] = m[0];
        outW[0] = w[0];
        double limit = total * kInverse(k(0) + 1);
        for (int i = 1; i < n; i++) {
            double proposed = sumBefore + outW[out] + w[i];
            if (proposed <= limit) {
                outW[out] += w[i];
                outM[out] += (m[i] - outM[out]) * w[i] / outW[out];
            }
            else {
                sumBefore += outW[out];
                limit = total * kInverse(k(sumBefore / total) + 1);
                out++;
                outM[out] = m[i];
                outW[out] = w[i];
            }
        }
        centroids = out + 1;
        means = Arrays.copyOf(outM, Math.max(8, centroids));
        weights = Arrays.copyOf(outW, means.length);
        buffered = 0;
    }

    private double k(double q)
    {
        return compression / (2 * Math.PI) * Math.asin(2 * q - 1);
    }

    private double kInverse(double k)
    {
        if (k >= compression / 4) {
            return 1;
        }
        return (Math.sin(k * 2 * Math.PI / compression) + 1) / 2;
    }

    private static void sortByMean(double[] m, double[] w, int n)
    {
        // sort indices by mean; weights follow (points are few enough per compression for a boxed sort)
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(m[a], m[b]));
        double[] m2 = new double[n];
        double[] w2 = new double[n];
        for (int i = 0; i < n; i++) {
            m2[i] = m[idx[i]];
            w2[i] = w[idx[i]];
        }
        System.arraycopy(m2, 0, m, 0, n);
        System.arraycopy(w2, 0, w, 0, n);
    }

    /** The estimated p-quantile, p in [0, 1]; NaN when empty. */
    double quantile(double p)
    {
        compress();
        if (centroids == 0) {
            return Double.NaN;
        }
        if (centroids == 1) {
            return means[0];
        }
        double target = p * (total - 1);
        double cumulative = 0;
        double previousCentre = 0;
        double previousMean = min;
        for (int i = 0; i < centroids; i++) {
            double centre = cumulative + (weights[i] - 1) / 2;
            if (target <= centre) {
                if (i == 0) {
                    // before the first centre: between the minimum (rank 0) and the first centroid
                    return centre <= 0 ? means[0] : min + (means[0] - min) * target / centre;
                }
                return previousMean + (means[i] - previousMean) * (target - previousCentre) / (centre - previousCentre);
            }
            previousCentre = centre;
            previousMean = means[i];
            cumulative += weights[i];
        }
        // after the last centre: towards the maximum (rank total - 1)
        double last = total - 1;
        return last <= previousCentre ? previousMean : previousMean + (max - previousMean) * (target - previousCentre) / (last - previousCentre);
    }

    void serialize(DataOutputStream out) throws IOException
    {
        compress();
        out.writeDouble(compression);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeInt(centroids);
        for (int i = 0; i < centroids; i++) {
            out.writeDouble(means[i]);
            out.writeDouble(weights[i]);
        }
    }

    /** Reads a serialized digest and merges it into this one. */
    void mergeSerialized(DataInputStream in) throws IOException
    {
        in.readDouble();
        double otherMin = in.readDouble();
        double otherMax = in.readDouble();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            add(in.readDouble(), in.readDouble());
        }
        if (n > 0) {
            min = Math.min(min, otherMin);
            max = Math.max(max, otherMax);
        }
    }
}
