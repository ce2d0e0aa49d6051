package io.starling.be.load;

import io.starling.be.expr.ProtoTypes;
import io.starling.rpc.proto.ScanColumn;
import io.starling.rpc.proto.StreamSourceColumn;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects parsed source rows into {@link ColumnBatch}es of at most {@link ColumnBatch#MAX_ROWS} rows with the
 * columns the plan's source scan outputs (in its order). Parsers call {@link #field} / {@link #nullField} for
 * every source field of a row, then {@link #endRow} or {@link #rejectRow}. Fields nothing reads are dropped without
 * conversion. A field that does not convert to its (typed) column becomes NULL (StarRocks' non-strict mode) or, with
 * strict_mode, rejects the row.
 */
final class SourceBatchBuilder implements AutoCloseable
{
    private final int sourceCount;
    /** Source column index -> batch column, or -1 when unused. */
    private final int[] target;
    private final String[] names;
    private final List<DataType> types;
    private final boolean strict;
    private final MemoryContext ctx;
    private final RejectLog rejects;
    private final boolean[] assigned;
    private ColumnBatch batch;
    private int row;
    private String rowError;
    private long acceptedRows;

    SourceBatchBuilder(List<StreamSourceColumn> sources, List<ScanColumn> scanColumns, boolean strict,
            MemoryContext ctx, RejectLog rejects)
    {
        this.sourceCount = sources.size();
        this.target = new int[sourceCount];
        Arrays.fill(target, -1);
        this.names = new String[sourceCount];
        for (int i = 0; i < sourceCount; i++) {
            names[i] = sources.get(i).getName();
        }
        List<DataType> t = new ArrayList<>();
        for (int j = 0; j < scanColumns.size(); j++) {
            ScanColumn c = scanColumns.get(j);
            target[c.getTableColumnIndex()] = j;
            t.add(ProtoTypes.toDataType(c.getType()));
        }
        this.types = List.copyOf(t);
        this.assigned = new boolean[t.size()];
        this.strict = strict;
        this.ctx = ctx;
        this.rejects = rejects;
    }

    int sourceCount()
    {
        return sourceCount;
    }

    String sourceName(int source)
    {
        return names[source];
    }

    /** Whether the plan reads source column {@code source} (parsers may skip converting the others). */
    boolean used(int source)
    {
        return target[source] >= 0;
    }

    /** The batch's column types (the source scan's output). */
    List<DataType> types()
    {
        return types;
    }

    /** Sets a field of the current row from bytes; {@code \N} is NULL. */
    void field(int source, byte[] buf, int off, int len)
    {
        int col = target[source];
        if (col < 0) {
            return;
        }
        if (len == 2 && buf[off] == '\\' && buf[off + 1] == 'N') {
            nullField(source);
            return;
        }
        ColumnVector v = current().column(col);
        assigned[col] = true;
        if (!FieldConverter.write(v, row, buf, off, len) && rowError == null && strict) {
            rowError = "Value '" + new String(buf, off, Math.min(len, 256), java.nio.charset.StandardCharsets.UTF_8)
                    + "' of column `" + names[source] + "` cannot be converted to " + v.type().toSql()
                    + " (strict_mode)";
        }
    }

    /** Sets a field of the current row to NULL. */
    void nullField(int source)
    {
        int col = target[source];
        if (col < 0) {
            return;
        }
        assigned[col] = true;
        current().column(col).setNull(row, true);
    }

    /** Ends the current row; returns false if it was rejected (strict conversion failure). */
    boolean endRow(RowText text)
    {
        if (rowError != null) {
            rejectRow(rowError, text.text());
            return false;
        }
        ColumnBatch b = current();
        for (int c = 0; c < assigned.length; c++) {
            if (!assigned[c]) {
                b.column(c).setNull(row, true);
            }
            assigned[c] = false;
        }
        row++;
        acceptedRows++;
        b.setRowCount(row);
        return true;
    }

    /** Drops the current row with a reason. */
    void rejectRow(String reason, String text)
    {
        rowError = null;
        Arrays.fill(assigned, false);
        rejects.reject(reason, text);
    }

    boolean full()
    {
        return row >= ColumnBatch.MAX_ROWS;
    }

    boolean isEmpty()
    {
        return row == 0;
    }

    /** Hands the filled batch to the caller (who closes it); the next row starts a new batch. */
    ColumnBatch take()
    {
        ColumnBatch b = current();
        b.setRowCount(row);
        batch = null;
        row = 0;
        return b;
    }

    long acceptedRows()
    {
        return acceptedRows;
    }

    private ColumnBatch current()
    {
        if (batch == null) {
            batch = ColumnBatch.allocate(types, ctx);
        }
        return batch;
    }

    @Override
    public void close()
    {
        if (batch != null) {
            batch.close();
            batch = null;
        }
    }

    /** Lazily rendered text of the current row, for rejection messages only. */
    @FunctionalInterface
    interface RowText
    {
        String text();
    }
}
