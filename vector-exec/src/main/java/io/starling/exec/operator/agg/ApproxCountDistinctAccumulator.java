package io.starling.exec.operator.agg;

import io.starling.exec.hash.KeyEncoder;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code APPROX_COUNT_DISTINCT(x)} / {@code NDV(x)}: a {@link HyperLogLog} per group over the 64-bit hash of the
 * value's key encoding (equal values of one type encode, and so hash, alike in every partial aggregation). NULLs
 * are not counted; no values gives 0. Exact below {@link HyperLogLog#EXPLICIT_LIMIT} distinct values.
 */
final class ApproxCountDistinctAccumulator
        extends StateAccumulator<HyperLogLog>
{
    private final KeyEncoder encoder;
    private final ColumnVector[] one = new ColumnVector[1];

    /** @param argType the argument's type; null for a FINAL call, which only merges */
    ApproxCountDistinctAccumulator(MemoryAccount account, AggregateMode mode, DataType argType)
    {
        super(account, mode);
        this.encoder = argType == null ? null : new KeyEncoder(List.of(argType));
    }

    @Override
    protected HyperLogLog newState()
    {
        HyperLogLog h = new HyperLogLog();
        charge(h.bytes());
        return h;
    }

    @Override
    protected void update(HyperLogLog state, ColumnVector[] args, int row)
    {
        if (args[0].isNull(row)) {
            return;
        }
        one[0] = args[0];
        encoder.encode(one, row);
        long before = state.bytes();
        state.add(KeyEncoder.hash(encoder.buffer(), 0, encoder.length()));
        charge(state.bytes() - before);
    }

    @Override
    protected void serialize(HyperLogLog state, DataOutputStream out) throws IOException
    {
        state.serialize(out);
    }

    @Override
    protected void merge(HyperLogLog state, DataInputStream in) throws IOException
    {
        long before = state.bytes();
        state.merge(HyperLogLog.deserialize(in));
        charge(state.bytes() - before);
    }

    @Override
    protected void writeResult(HyperLogLog state, ColumnVector out, int row)
    {
        out.setLong(row, state.estimate());
    }
}
