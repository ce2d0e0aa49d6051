package io.starling.exec.operator;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * Builds dense output batches row by row (copying values and null flags), for operators whose output rows
 * come from several inputs (joins, sorts). The builder owns the batch under construction until
 * {@link #build()} hands it to the caller; {@link #close()} frees an unfinished one.
 */
public final class BatchBuilder
        implements AutoCloseable
{
    private final List<DataType> types;
    private final MemoryContext memory;
    private ColumnBatch batch;
    private int rows;

    public BatchBuilder(List<DataType> types, MemoryContext memory)
    {
        this.types = List.copyOf(types);
        this.memory = memory;
    }

    public List<DataType> types()
    {
        return types;
    }

    private ColumnBatch current()
    {
        if (batch == null) {
            batch = ColumnBatch.allocate(types, memory);
            rows = 0;
        }
        return batch;
    }

    /** Rows appended to the current batch. */
    public int rows()
    {
        return batch == null ? 0 : rows;
    }

    public boolean isFull()
    {
        return rows() == ColumnBatch.MAX_ROWS;
    }

    public boolean isEmpty()
    {
        return rows() == 0;
    }

    /**
     * Copies {@code src[0..k)} into output columns {@code firstColumn ..} at the current row, where k is
     * {@code src.length} or the number of output columns left, whichever is smaller (extra source columns, such
     * as stored sort keys, are ignored). Does not advance; call {@link #nextRow()} once the row is complete.
     */
    public void set(int firstColumn, ColumnVector[] src, int srcRow)
    {
        ColumnBatch b = current();
        int k = Math.min(src.length, b.columnCount() - firstColumn);
        for (int c = 0; c < k; c++) {
            b.column(firstColumn + c).copyFrom(src[c], srcRow, rows);
        }
    }

    /** Writes NULL into output columns {@code [firstColumn, firstColumn + count)} of the current row. */
    public void setNulls(int firstColumn, int count)
    {
        ColumnBatch b = current();
        for (int c = 0; c < count; c++) {
            b.column(firstColumn + c).setNull(rows, true);
        }
    }

    /** Finishes the current row. */
    public void nextRow()
    {
        current();
        rows++;
    }

    /** Appends a whole row from {@code src} (one vector per output column). */
    public void appendRow(ColumnVector[] src, int srcRow)
    {
        set(0, src, srcRow);
        nextRow();
    }

    /** Hands the current batch (possibly empty) to the caller, or null if nothing was started. */
    public ColumnBatch build()
    {
        ColumnBatch b = batch;
        if (b != null) {
            b.setRowCount(rows);
        }
        batch = null;
        rows = 0;
        return b;
    }

    @Override
    public void close()
    {
        if (batch != null) {
            batch.close();
            batch = null;
        }
    }
}
