package io.starling.exec.operator.agg;

import io.starling.exec.expr.Values;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Exact {@code PERCENTILE_DISC(x, p)}: the smallest value whose cumulative share {@code (i + 1) / n} reaches p, of
 * x's own type (StarRocks: an INT column gives an INT, a DATE a DATE, a DECIMAL the same DECIMAL). Every non-NULL
 * value of the group is kept boxed in its {@link Values} domain (so BIGINT beyond 2^53 and decimals stay exact) and
 * sorted at the end; NULL for no values. Memory grows with the group, charged to the operator.
 */
final class PercentileDiscAccumulator
        extends StateAccumulator<PercentileDiscAccumulator.Kept>
{
    /**
     * Charged per kept value: the array slot (8) plus a boxed Long/Double (16 header + 8 payload); strings and big
     * decimals add their length.
     */
    private static final long BYTES_PER_VALUE = 32;

    /** The kept values and the quantile. */
    static final class Kept
    {
        Object[] values = new Object[0];
        int n;
        double p;

        void add(Object x, PercentileDiscAccumulator owner)
        {
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.max(8, n * 2));
            }
            owner.charge(BYTES_PER_VALUE + (x instanceof String s ? s.length() : 0));
            values[n++] = x;
        }
    }

    PercentileDiscAccumulator(MemoryAccount account, AggregateMode mode)
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
        state.add(Values.read(args[0], row), this);
    }

    @Override
    protected void serialize(Kept state, DataOutputStream out) throws IOException
    {
        out.writeDouble(state.p);
        out.writeInt(state.n);
        for (int i = 0; i < state.n; i++) {
            MaxByAccumulator.writeValue(out, state.values[i]);
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
            state.add(MaxByAccumulator.readValue(in), this);
        }
    }

    @Override
    protected void writeResult(Kept state, ColumnVector out, int row)
    {
        if (state.n == 0) {
            Values.write(out, row, null);
            return;
        }
        Object[] v = state.values;
        Arrays.sort(v, 0, state.n, MaxByAccumulator::compare);
        int index = (int) Math.ceil(state.p * state.n) - 1;
        Values.write(out, row, v[Math.max(0, Math.min(state.n - 1, index))]);
    }
}
