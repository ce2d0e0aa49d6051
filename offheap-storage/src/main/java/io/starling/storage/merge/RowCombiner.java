package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.sketch.Sketches;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.types.DataType;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Folds a stream of rows in sort-key order, oldest first among equal keys, into the rows a reader sees, per table
 * model: DUPLICATE keeps every row; AGGREGATE combines the value columns of equal keys by their {@link AggType};
 * UNIQUE (and PRIMARY) keeps the newest row of a key, and a newest row that is a tombstone removes the key.
 *
 * <p>The row being folded is the last row of the current output batch and is combined in place, so values never
 * leave off-heap memory (VARLEN replacement rewrites the last row's bytes, which the vector allows). A full output
 * batch is handed out only once the next key differs, so the last row is always final when it leaves. Not
 * thread-safe.
 */
public final class RowCombiner implements AutoCloseable
{
    private final KeysModel model;
    private final List<DataType> types;
    private final int[] keys;
    private final AggType[] aggs;
    private final boolean[] isKey;
    private final MemoryContext ctx;
    private final ArrayDeque<ColumnBatch> ready = new ArrayDeque<>();
    private ColumnBatch out;
    private boolean pending;
    private boolean pendingDeleted;

    /**
     * @param types the columns of the rows given to {@link #add}
     * @param keys positions (into those columns) of the key columns, in sort order
     * @param aggs per column its aggregation (NONE for keys; used by AGGREGATE only)
     */
    public RowCombiner(KeysModel model, List<DataType> types, int[] keys, List<AggType> aggs, MemoryContext ctx)
    {
        if (aggs.size() != types.size()) {
            throw new IllegalArgumentException(types.size() + " columns but " + aggs.size() + " aggregation types");
        }
        this.model = model;
        this.types = List.copyOf(types);
        this.keys = keys.clone();
        this.aggs = aggs.toArray(new AggType[0]);
        this.isKey = new boolean[types.size()];
        for (int k : keys) {
            isKey[k] = true;
        }
        for (int c = 0; c < types.size(); c++) {
            if (isKey[c]) {
                this.aggs[c] = AggType.NONE;
            }
            else if (model == KeysModel.AGGREGATE && this.aggs[c] == AggType.NONE) {
                // a value column without a declared type cannot happen through DDL; REPLACE is StarRocks' default
                this.aggs[c] = AggType.REPLACE;
            }
        }
        this.ctx = ctx;
    }

    /** Adds row {@code row} (a physical row id) of {@code src}; rows must come in key order, older first among equals. */
    public void add(ColumnBatch src, int row, boolean tombstone)
    {
        ColumnVector[] s = src.columns();
        if (pending && model != KeysModel.DUPLICATE) {
            int last = out.rowCount() - 1;
            if (RowComparator.compareRows(out.columns(), last, s, row, keys) == 0) {
                combine(s, row, last, tombstone);
                return;
            }
        }
        finishPending();
        if (out == null || out.rowCount() == ColumnBatch.MAX_ROWS) {
            if (out != null) {
                ready.add(out);
            }
            out = ColumnBatch.allocate(types, ctx);
        }
        int r = out.rowCount();
        ColumnVector[] d = out.columns();
        for (int c = 0; c < d.length; c++) {
            d[c].copyFrom(s[c], row, r);
        }
        out.setRowCount(r + 1);
        pending = true;
        pendingDeleted = tombstone;
    }

    private void combine(ColumnVector[] s, int row, int last, boolean tombstone)
    {
        ColumnVector[] d = out.columns();
        if (model != KeysModel.AGGREGATE) {
            // newest wins: the whole row (a tombstone's values are NULL and it is dropped unless replaced)
            for (int c = 0; c < d.length; c++) {
                if (isKey[c]) {
                    continue;
                }
                d[c].copyFrom(s[c], row, last);
            }
            pendingDeleted = tombstone;
            return;
        }
        for (int c = 0; c < d.length; c++) {
            AggType a = aggs[c];
            if (a == AggType.NONE) {
                continue;
            }
            ColumnVector dv = d[c];
            ColumnVector sv = s[c];
            if (a == AggType.REPLACE) {
                dv.copyFrom(sv, row, last);
                continue;
            }
            if (sv.isNull(row)) {
                continue;
            }
            if (dv.isNull(last)) {
                dv.copyFrom(sv, row, last);
                continue;
            }
            switch (a) {
                case REPLACE_IF_NOT_NULL -> dv.copyFrom(sv, row, last);
                case MIN -> {
                    if (RowComparator.compareNotNull(sv, row, dv, last) < 0) {
                        dv.copyFrom(sv, row, last);
                    }
                }
                case MAX -> {
                    if (RowComparator.compareNotNull(sv, row, dv, last) > 0) {
                        dv.copyFrom(sv, row, last);
                    }
                }
                case SUM -> sum(dv, last, sv, row);
                case HLL_UNION -> dv.setBytes(last, Sketches.hllUnion(dv.getBytes(last), sv.getBytes(row)));
                case BITMAP_UNION -> dv.setBytes(last, Sketches.bitmapUnion(dv.getBytes(last), sv.getBytes(row)));
                default -> throw new IllegalStateException("unexpected aggregation " + a);
            }
        }
    }

    /** dst[last] += src[row], both non-NULL; integers wrap in their width as StarRocks' SUM does. */
    private static void sum(ColumnVector dst, int last, ColumnVector src, int row)
    {
        switch (dst.physical()) {
            case BYTE, SHORT, INT, LONG -> dst.setLongValue(last, dst.getLongValue(last) + src.getLongValue(row));
            case FLOAT -> dst.setFloat(last, dst.getFloat(last) + src.getFloat(row));
            case DOUBLE -> dst.setDouble(last, dst.getDouble(last) + src.getDouble(row));
            case INT128 -> {
                long aLo = dst.getInt128Low(last);
                long bLo = src.getInt128Low(row);
                long lo = aLo + bLo;
                long carry = Long.compareUnsigned(lo, aLo) < 0 ? 1 : 0;
                dst.setInt128(last, lo, dst.getInt128High(last) + src.getInt128High(row) + carry);
            }
            default -> throw new IllegalArgumentException("SUM is not defined on " + dst.type());
        }
    }

    private void finishPending()
    {
        if (pending && pendingDeleted) {
            // the key's newest row deletes it: drop the folded row (it is the batch's last)
            // (a VARLEN row written next at this index starts at the dropped row's offset: setBytes appends there)
            out.setRowCount(out.rowCount() - 1);
        }
        pending = false;
        pendingDeleted = false;
    }

    /** Ends the input: the last row is final. */
    public void finish()
    {
        finishPending();
        if (out != null && out.rowCount() > 0) {
            ready.add(out);
        }
        else if (out != null) {
            out.close();
        }
        out = null;
    }

    /**
     * A finished output batch, or null when none is ready yet. Hands out batches only at key boundaries, so the
     * caller may take them at any time.
     */
    public ColumnBatch poll()
    {
        return ready.poll();
    }

    /** Rows of the current (unfinished) output batch. */
    public int pendingRows()
    {
        return out == null ? 0 : out.rowCount();
    }

    @Override
    public void close()
    {
        if (out != null) {
            out.close();
            out = null;
        }
        ColumnBatch b;
        while ((b = ready.poll()) != null) {
            b.close();
        }
    }
}
