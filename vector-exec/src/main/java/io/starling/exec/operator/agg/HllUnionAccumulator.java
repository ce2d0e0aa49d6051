package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.sketch.HllSketch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * {@code HLL_UNION(h)} / {@code HLL_RAW_AGG(h)} (the union, HLL) and {@code HLL_UNION_AGG(h)} (its estimate,
 * BIGINT) over HLL values: one {@link HllSketch} per group, merged straight from each row's serialized form. NULL
 * rows are skipped; a group without a non-NULL row is NULL for the union and 0 for the estimate. The partial
 * state is a "seen" byte followed by the sketch's stored form, so the final phase is a plain merge.
 */
final class HllUnionAccumulator
        extends StateAccumulator<HllUnionAccumulator.State>
{
    /** Per-group state: the sketch and whether any non-NULL HLL reached it. */
    static final class State
    {
        final HllSketch sketch = new HllSketch();
        boolean seen;
    }

    private final boolean estimate;

    /** @param estimate true for HLL_UNION_AGG (BIGINT), false for HLL_UNION / HLL_RAW_AGG (HLL) */
    HllUnionAccumulator(MemoryAccount account, AggregateMode mode, boolean estimate)
    {
        super(account, mode);
        this.estimate = estimate;
    }

    @Override
    protected State newState()
    {
        State s = new State();
        charge(s.sketch.bytes());
        return s;
    }

    @Override
    protected void update(State state, ColumnVector[] args, int row)
    {
        if (args[0].isNull(row)) {
            return;
        }
        long before = state.sketch.bytes();
        state.sketch.merge(args[0].getBytes(row));
        state.seen = true;
        charge(state.sketch.bytes() - before);
    }

    @Override
    protected void serialize(State state, DataOutputStream out) throws IOException
    {
        out.writeBoolean(state.seen);
        out.write(state.sketch.toBytes());
    }

    @Override
    protected void merge(State state, DataInputStream in) throws IOException
    {
        boolean seen = in.readBoolean();
        long before = state.sketch.bytes();
        state.sketch.merge(in.readAllBytes());
        state.seen |= seen;
        charge(state.sketch.bytes() - before);
    }

    @Override
    protected void writeResult(State state, ColumnVector out, int row)
    {
        if (estimate) {
            out.setLong(row, state.sketch.estimate());
        }
        else if (!state.seen) {
            out.setNull(row, true);
        }
        else {
            if (out.hasNulls()) {
                out.setNull(row, false);
            }
            out.setBytes(row, state.sketch.toBytes());
        }
    }
}
