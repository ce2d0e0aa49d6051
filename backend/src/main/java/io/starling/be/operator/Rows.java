package io.starling.be.operator;

import io.starling.exec.expr.Values;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Boxed row access for the interim row-at-a-time operators (aggregate, sort, join) that stand in until the
 * vectorized operators of {@code io.starling.exec.operator} exist. Values use the {@link Values} domain.
 */
public final class Rows
{
    private Rows()
    {
    }

    /** The logical rows of a batch as boxed arrays. */
    public static List<Object[]> read(ColumnBatch batch)
    {
        List<Object[]> out = new ArrayList<>(batch.size());
        int cols = batch.columnCount();
        for (int i = 0; i < batch.size(); i++) {
            int p = batch.position(i);
            Object[] row = new Object[cols];
            for (int c = 0; c < cols; c++) {
                row[c] = Values.read(batch.column(c), p);
            }
            out.add(row);
        }
        return out;
    }

    /** Writes rows {@code [from, to)} into a new batch (owned by the caller). */
    public static ColumnBatch write(List<Object[]> rows, int from, int to, List<DataType> types, MemoryContext ctx)
    {
        int n = to - from;
        ColumnBatch b = ColumnBatch.allocate(types, Math.max(1, n), ctx);
        try {
            for (int c = 0; c < types.size(); c++) {
                for (int r = 0; r < n; r++) {
                    Values.write(b.column(c), r, rows.get(from + r)[c]);
                }
            }
            b.setRowCount(n);
            return b;
        }
        catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** Rough heap bytes of a boxed row, charged to the operator's memory context so limits cover buffered rows. */
    public static long estimateBytes(Object[] row)
    {
        long bytes = 16 + 8L * row.length;
        for (Object v : row) {
            if (v instanceof String s) {
                bytes += 40 + s.length();
            }
            else if (v != null) {
                bytes += 24;
            }
        }
        return bytes;
    }
}
