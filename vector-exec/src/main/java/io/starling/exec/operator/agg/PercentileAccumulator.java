package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Exact {@code PERCENTILE_CONT(x, p)}: every non-NULL value of the group (as DOUBLE) is kept and sorted at the end,
 * then interpolated linearly at rank {@code p * (n - 1)}; NULL for no values ({@code PERCENTILE_DISC}, which keeps
 * x's type, is {@link PercentileDiscAccumulator}). Memory grows with the
 * group (8 bytes a value), charged to the operator.
 */
final class PercentileAccumulator
        extends StateAccumulator<PercentileAccumulator.Kept>
{
    /** The kept values and the quantile. */
    static final class Kept
    {
        double[] values = new double[0];
        int n;
        double p;

        void add(double x, PercentileAccumulator owner)
        {
            if (n == values.length) {
                int grown = Math.max(8, n * 2);
                owner.charge(8L * (grown - n));
                values = Arrays.copyOf(values, grown);
            }
            values[n++] = x;
        }
    }

    PercentileAccumulator(MemoryAccount account, AggregateMode mode)
    {
        super(account, mode);
    }

    @Override
    protected Kept newState()
    {
        return new Kept();
    }

    @Override
    protected void update(Kept state, ColumnVector[] args, int row)
    {
        if (args[0].isNull(row)) {
            return;
        }
        if (state.n == 0) {
            state.p = PercentileApproxAccumulator.checkedQuantile(parameterAt(args[1], row, "the percentile"));
        }
        state.add(numberAt(args[0], row), this);
    }

    @Override
    protected void serialize(Kept state, DataOutputStream out) throws IOException
    {
        out.writeDouble(state.p);
        out.writeInt(state.n);
        for (int i = 0; i < state.n; i++) {
            out.writeDouble(state.values[i]);
        }
    }

    @Override
    protected void merge(Kept state, DataInputStream in) throws IOException
    {
        double p = in.readDouble();
        int n = in.readInt();
        if (n > 0 && state.n == 0) {
            state.p = p;
        }
        for (int i = 0; i < n; i++) {
            state.add(in.readDouble(), this);
        }
    }

    @Override
    protected void writeResult(Kept state, ColumnVector out, int row)
    {
        if (state.n == 0) {
            out.setNull(row, true);
            return;
        }
        double[] v = state.values;
        Arrays.sort(v, 0, state.n);
        double rank = state.p * (state.n - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(state.n - 1, lo + 1);
        double result = v[lo] + (v[hi] - v[lo]) * (rank - lo);
        if (out.hasNulls()) {
            out.setNull(row, false);
        }
        out.setDouble(row, result);
    }
}
