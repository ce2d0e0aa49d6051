package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.sketch.BitmapSketch;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The BITMAP aggregates, one 64-bit Roaring bitmap per group:
 * <ul>
 *   <li>{@code BITMAP_UNION(b)}: union of BITMAP values, BITMAP;</li>
 *   <li>{@code BITMAP_UNION_COUNT(b)}: its cardinality, BIGINT (0 for no rows);</li>
 *   <li>{@code BITMAP_INTERSECT(b)}: intersection of the non-NULL BITMAP values, BITMAP;</li>
 *   <li>{@code BITMAP_AGG(x)}: the integers of a column as a BITMAP; values outside 0..2^64-1 are skipped;</li>
 *   <li>{@code BITMAP_UNION_INT(x)}: the number of distinct such integers, BIGINT.</li>
 * </ul>
 * NULL rows are skipped; a group without a non-NULL row is NULL for the BITMAP results. The partial state is a
 * "seen" byte followed by the bitmap's stored form ({@link BitmapSketch}), which keeps BITMAP_INTERSECT's "no input
 * yet" apart from an empty intersection. Memory: bitmaps are charged by the bytes merged into them (serialized
 * lengths) and 8 bytes per integer added, an upper bound of Roaring's per-element cost.
 */
final class BitmapAccumulator
        extends StateAccumulator<BitmapAccumulator.State>
{
    /** Per-group state: the bitmap and whether any non-NULL row reached it. */
    static final class State
    {
        Roaring64NavigableMap bitmap = BitmapSketch.newBitmap();
        boolean seen;
    }

    private final AggregateKind kind;
    private final boolean integerInput;

    /** @param argType the argument's type; null for a FINAL call, which only merges */
    BitmapAccumulator(MemoryAccount account, AggregateMode mode, AggregateKind kind, DataType argType)
    {
        super(account, mode);
        this.kind = kind;
        this.integerInput = kind == AggregateKind.BITMAP_AGG || kind == AggregateKind.BITMAP_UNION_INT;
        if (argType != null && integerInput && !argType.kind().isInteger()
                && argType.kind() != io.starling.storage.types.TypeKind.BOOLEAN) {
            throw new IllegalArgumentException(kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " takes an integer column, not " + argType.toSql());
        }
    }

    @Override
    protected State newState()
    {
        return new State();
    }

    @Override
    protected void update(State state, ColumnVector[] args, int row)
    {
        ColumnVector v = args[0];
        if (v.isNull(row)) {
            return;
        }
        if (integerInput) {
            state.seen = true;
            long value;
            if (v.physical() == PhysicalType.INT128) {
                long high = v.getInt128High(row);
                if (high != 0) {
                    return;   // negative or at least 2^64
                }
                value = v.getInt128Low(row);
            }
            else {
                value = v.getLongValue(row);
                if (value < 0) {
                    return;
                }
            }
            state.bitmap.addLong(value);
            charge(Long.BYTES);
            return;
        }
        byte[] bytes = v.getBytes(row);
        combine(state, bytes);
    }

    private void combine(State state, byte[] bitmapBytes)
    {
        charge(bitmapBytes.length);
        if (kind == AggregateKind.BITMAP_INTERSECT) {
            Roaring64NavigableMap other = BitmapSketch.fromBytes(bitmapBytes);
            if (state.seen) {
                state.bitmap.and(other);
            }
            else {
                state.bitmap = other;
            }
        }
        else {
            BitmapSketch.orInto(state.bitmap, bitmapBytes);
        }
        state.seen = true;
    }

    @Override
    protected void serialize(State state, DataOutputStream out) throws IOException
    {
        out.writeBoolean(state.seen);
        out.write(BitmapSketch.toBytes(state.bitmap));
    }

    @Override
    protected void merge(State state, DataInputStream in) throws IOException
    {
        boolean seen = in.readBoolean();
        byte[] bytes = in.readAllBytes();
        if (seen) {
            combine(state, bytes);
        }
    }

    @Override
    protected void writeResult(State state, ColumnVector out, int row)
    {
        switch (kind) {
            case BITMAP_UNION_COUNT, BITMAP_UNION_INT -> out.setLong(row, state.bitmap.getLongCardinality());
            default -> {
                if (!state.seen) {
                    out.setNull(row, true);
                    return;
                }
                if (out.hasNulls()) {
                    out.setNull(row, false);
                }
                out.setBytes(row, BitmapSketch.toBytes(state.bitmap));
            }
        }
    }
}
