package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * VAR_POP / VAR_SAMP / STDDEV_POP / STDDEV_SAMP over DOUBLE values (decimals scaled): Welford's running mean and
 * sum of squared deviations, merged with Chan et al.'s pairwise formula, so neither a large mean nor the order of
 * partial states loses precision the way sum/sum-of-squares does. Population forms are NULL for no values; sample
 * forms are NULL for fewer than two (MySQL; StarRocks documents DOUBLE results).
 */
final class VarianceAccumulator
        extends StateAccumulator<VarianceAccumulator.Moments>
{
    /** Count, mean and sum of squared deviations from the mean. */
    static final class Moments
    {
        long n;
        double mean;
        double m2;

        void add(double x)
        {
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        void merge(long nb, double meanB, double m2b)
        {
            if (nb == 0) {
                return;
            }
            if (n == 0) {
                n = nb;
                mean = meanB;
                m2 = m2b;
                return;
            }
            long total = n + nb;
            double delta = meanB - mean;
            mean += delta * nb / total;
            m2 += m2b + delta * delta * ((double) n * nb / total);
            n = total;
        }
    }

    private final boolean sample;
    private final boolean sqrt;

    VarianceAccumulator(MemoryAccount account, AggregateMode mode, AggregateKind kind)
    {
        super(account, mode);
        this.sample = kind == AggregateKind.VARIANCE_SAMP || kind == AggregateKind.STDDEV_SAMP;
        this.sqrt = kind == AggregateKind.STDDEV_POP || kind == AggregateKind.STDDEV_SAMP;
    }

    @Override
    protected Moments newState()
    {
        return new Moments();
    }

    @Override
    protected void update(Moments state, ColumnVector[] args, int row)
    {
        if (!args[0].isNull(row)) {
            state.add(numberAt(args[0], row));
        }
    }

    @Override
    protected void serialize(Moments state, DataOutputStream out) throws IOException
    {
        out.writeLong(state.n);
        out.writeDouble(state.mean);
        out.writeDouble(state.m2);
    }

    @Override
    protected void merge(Moments state, DataInputStream in) throws IOException
    {
        state.merge(in.readLong(), in.readDouble(), in.readDouble());
    }

    @Override
    protected void writeResult(Moments state, ColumnVector out, int row)
    {
        long divisor = sample ? state.n - 1 : state.n;
        if (divisor <= 0) {
            out.setNull(row, true);
            return;
        }
        // rounding can leave a tiny negative m2 for constant input; variance is never negative
        double v = Math.max(0.0, state.m2) / divisor;
        if (out.hasNulls()) {
            out.setNull(row, false);
        }
        out.setDouble(row, sqrt ? Math.sqrt(v) : v);
    }
}
