package io.starling.exec.operator.agg;

import io.starling.exec.expr.ExpressionException;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * {@code PERCENTILE_APPROX(x, p [, compression])}: a {@link TDigest} per group over the non-NULL values as DOUBLE;
 * p (in [0, 1]) and the compression (StarRocks: [2048, 10000], anything else means 10000) are constants read from
 * the group's first row. DOUBLE result, NULL for no values.
 */
final class PercentileApproxAccumulator
        extends StateAccumulator<PercentileApproxAccumulator.Sketch>
{
    /** The digest (created with the first value) and the requested quantile. */
    static final class Sketch
    {
        TDigest digest;
        double p;
    }

    PercentileApproxAccumulator(MemoryAccount account, AggregateMode mode)
    {
        super(account, mode);
    }

    @Override
    protected Sketch newState()
    {
        return new Sketch();
    }

    @Override
    protected void update(Sketch state, ColumnVector[] args, int row)
    {
        if (args[0].isNull(row)) {
            return;
        }
        if (state.digest == null) {
            state.p = checkedQuantile(parameterAt(args[1], row, "percentile_approx's percentile"));
            state.digest = new TDigest(args.length > 2 ? parameterAt(args[2], row, "percentile_approx's compression")
                    : TDigest.DEFAULT_COMPRESSION);
        }
        long before = state.digest.bytes();
        state.digest.add(numberAt(args[0], row));
        charge(state.digest.bytes() - before);
    }

    static double checkedQuantile(double p)
    {
        if (!(p >= 0 && p <= 1)) {
            throw new ExpressionException("percentile must be between 0 and 1, got " + p);
        }
        return p;
    }

    @Override
    protected void serialize(Sketch state, DataOutputStream out) throws IOException
    {
        out.writeBoolean(state.digest != null);
        if (state.digest != null) {
            out.writeDouble(state.p);
            out.writeDouble(state.digest.compression());
            state.digest.serialize(out);
        }
    }

    @Override
    protected void merge(Sketch state, DataInputStream in) throws IOException
    {
        if (!in.readBoolean()) {
            return;
        }
        double p = in.readDouble();
        double compression = in.readDouble();
        if (state.digest == null) {
            state.p = p;
            state.digest = new TDigest(compression);
        }
        long before = state.digest.bytes();
        state.digest.mergeSerialized(in);
        charge(state.digest.bytes() - before);
    }

    @Override
    protected void writeResult(Sketch state, ColumnVector out, int row)
    {
        if (state.digest == null || state.digest.count() == 0) {
            out.setNull(row, true);
            return;
        }
        if (out.hasNulls()) {
            out.setNull(row, false);
        }
        out.setDouble(row, state.digest.quantile(state.p));
    }
}
