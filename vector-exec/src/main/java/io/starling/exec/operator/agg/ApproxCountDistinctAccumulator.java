package io.starling.exec.operator.agg;

import io.starling.exec.hash.KeyEncoder;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.sketch.HllSketch;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code APPROX_COUNT_DISTINCT(x)} / {@code NDV(x)}: a {@link HllSketch} per group over the 64-bit hash of the
 * value's key encoding (equal values of one type encode, and so hash, alike in every partial aggregation). NULLs
 * are not counted; no values gives 0. Exact below {@link HllSketch#EXPLICIT_LIMIT} distinct values. An HLL
 * argument is merged instead of hashed ({@code ndv(h)} of an HLL column estimates the union, as hll_union_agg). The
 * partial state is the sketch's stored form, the same bytes as an HLL column holds.
 */
final class ApproxCountDistinctAccumulator
        extends StateAccumulator<HllSketch>
{
    private final KeyEncoder encoder;
    private final boolean hllInput;
    private final ColumnVector[] one = new ColumnVector[1];

    /** @param argType the argument's type; null for a FINAL call, which only merges */
    ApproxCountDistinctAccumulator(MemoryAccount account, AggregateMode mode, DataType argType)
    {
        super(account, mode);
        this.hllInput = argType != null && argType.kind() == TypeKind.HLL;
        this.encoder = argType == null || hllInput ? null : new KeyEncoder(List.of(argType));
    }

    @Override
    protected HllSketch newState()
    {
        HllSketch h = new HllSketch();
        charge(h.bytes());
        return h;
    }

    @Override
    protected void update(HllSketch state, ColumnVector[] args, int row)
    {
        if (args[0].isNull(row)) {
            return;
        }
        long before = state.bytes();
        if (hllInput) {
            state.merge(args[0].getBytes(row));
            charge(state.bytes() - before);
            return;
        }
        one[0] = args[0];
        encoder.encode(one, row);
        state.add(KeyEncoder.hash(encoder.buffer(), 0, encoder.length()));
        charge(state.bytes() - before);
    }

    @Override
    protected void serialize(HllSketch state, DataOutputStream out) throws IOException
    {
        out.write(state.toBytes());
    }

    @Override
    protected void merge(HllSketch state, DataInputStream in) throws IOException
    {
        long before = state.bytes();
        state.merge(in.readAllBytes());
        charge(state.bytes() - before);
    }

    @Override
    protected void writeResult(HllSketch state, ColumnVector out, int row)
    {
        out.setLong(row, state.estimate());
    }
}
