package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * How evaluators walk a batch and combine validity bitmaps (CONVENTIONS.md §7: iteration is separate from the
 * operation). Kernels compute values for every physical row; nulls are combined afterwards with word-wise ANDs
 * of the input bitmaps.
 */
final class Vectors
{
    private static final byte[] EMPTY = new byte[0];

    /** The per-row computation of the generic path: the value (in the result type's domain) of physical row {@code row}. */
    interface RowFunction
    {
        Object apply(int row);
    }

    /** A per-row action of the generic path that writes its own output row. */
    interface RowAction
    {
        void apply(int row);
    }

    private Vectors()
    {
    }

    /**
     * Runs {@code action} at every selected physical row in ascending order; for VARLEN outputs, rows the
     * selection skips are filled with empty values first so offsets stay monotonic.
     */
    static void forEachRow(ColumnBatch batch, ColumnVector out, RowAction action)
    {
        boolean varlen = !out.physical().isFixedWidth();
        int n = batch.size();
        int next = 0;
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (varlen) {
                padVarlen(out, next, p);
            }
            action.apply(p);
            next = p + 1;
        }
        if (varlen) {
            padVarlen(out, next, batch.rowCount());
        }
    }

    /** Copies row {@code p} of an operand (constant already converted to {@code out}'s type) into {@code out}. */
    static void copyOperand(Operand src, Object constant, int p, ColumnVector out)
    {
        if (src.vector == null) {
            Values.write(out, p, constant);
        }
        else {
            copyRow(src.vector, p, out, p);
        }
    }

    /** A result vector for {@code batch}: capacity covers every physical row. The caller owns it. */
    static ColumnVector allocate(DataType type, ColumnBatch batch, MemoryContext ctx)
    {
        return new ColumnVector(type, Math.max(1, batch.rowCount()), ctx);
    }

    /**
     * Sets {@code out}'s validity to the AND of the inputs' validity over the first {@code rowCount} rows
     * (inputs may be null for constants that are not NULL).
     */
    static void andValidity(ColumnVector out, int rowCount, ColumnVector a, ColumnVector b)
    {
        boolean an = a != null && a.hasNulls();
        boolean bn = b != null && b.hasNulls();
        long words = (rowCount + 63) >>> 6;
        if (!an && !bn) {
            out.markHasNulls(false);
            return;
        }
        MemorySegment dst = out.validity();
        if (an && bn) {
            MemorySegment va = a.validity();
            MemorySegment vb = b.validity();
            for (long w = 0; w < words; w++) {
                dst.setAtIndex(ValueLayout.JAVA_LONG, w,
                        va.getAtIndex(ValueLayout.JAVA_LONG, w) & vb.getAtIndex(ValueLayout.JAVA_LONG, w));
            }
        }
        else {
            MemorySegment.copy(an ? a.validity() : b.validity(), 0, dst, 0, words * Long.BYTES);
        }
        out.markHasNulls(true);
    }

    /** Copies the validity of {@code src} (or marks all valid) over the first {@code rowCount} rows. */
    static void copyValidity(ColumnVector out, int rowCount, ColumnVector src)
    {
        andValidity(out, rowCount, src, null);
    }

    /** Marks every row null. */
    static void allNull(ColumnVector out, int rowCount)
    {
        out.validity().fill((byte) 0);
        out.markHasNulls(true);
        if (!out.physical().isFixedWidth()) {
            padVarlen(out, 0, rowCount);
        }
    }

    /** Writes empty values for VARLEN rows {@code [from, to)}; row {@code from}'s start offset must be valid. */
    static void padVarlen(ColumnVector out, int from, int to)
    {
        for (int r = from; r < to; r++) {
            out.setBytes(r, EMPTY, 0, 0);
        }
    }

    /**
     * The generic path: evaluates {@code f} at every selected physical row in ascending order and writes the
     * result, filling unselected VARLEN rows with empty values so offsets stay monotonic.
     */
    static void evaluateRows(ColumnBatch batch, ColumnVector out, RowFunction f)
    {
        boolean varlen = !out.physical().isFixedWidth();
        int n = batch.size();
        int next = 0;
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (varlen) {
                padVarlen(out, next, p);
            }
            Values.write(out, p, f.apply(p));
            next = p + 1;
        }
        if (varlen) {
            padVarlen(out, next, batch.rowCount());
        }
    }

    /**
     * Copies one row between vectors of the same physical type, converting through the value domain when the
     * logical types differ (a branch of CASE typed narrower than the result, for example).
     */
    static void copyRow(ColumnVector src, int srcRow, ColumnVector out, int row)
    {
        if (src.type().equals(out.type()) || (src.physical() == out.physical() && sameScale(src.type(), out.type()))) {
            out.copyFrom(src, srcRow, row);
        }
        else {
            Values.write(out, row, Casts.cast(Values.read(src, srcRow), src.type(), out.type(), false));
        }
    }

    private static boolean sameScale(DataType a, DataType b)
    {
        return a.kind() == b.kind() && a.scale() == b.scale() || a.kind().isString() && b.kind().isString();
    }
}
