package io.starling.storage.batch;

import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * A horizontal slice of a relation: up to {@link #MAX_ROWS} rows in off-heap {@link ColumnVector}s.
 *
 * <p>{@code rowCount} rows are physically present in every column. An optional selection vector lists the
 * positions that are logically part of the batch (ascending); when it is null all {@code rowCount} rows are.
 * Consumers iterate {@code for (i = 0; i < size(); i++) row = position(i)}.
 *
 * <p>The batch owns its columns: {@link #close()} closes them.
 */
public final class ColumnBatch implements AutoCloseable
{
    /**
     * Rows per batch. 4096 keeps a batch of a few fixed-width columns inside L2 (512 KiB per core here) while
     * amortising per-batch overhead; StarRocks' chunk_size default is 4096 too.
     */
    public static final int MAX_ROWS = 4096;

    private final ColumnVector[] columns;
    private int rowCount;
    private int[] selection;
    private int selectedCount;

    public ColumnBatch(ColumnVector[] columns, int rowCount)
    {
        this.columns = columns;
        this.rowCount = rowCount;
    }

    /** Allocates an empty batch with one column per type and capacity {@link #MAX_ROWS}. */
    public static ColumnBatch allocate(List<DataType> types, MemoryContext ctx)
    {
        return allocate(types, MAX_ROWS, ctx);
    }

    public static ColumnBatch allocate(List<DataType> types, int capacity, MemoryContext ctx)
    {
        ColumnVector[] cols = new ColumnVector[types.size()];
        try {
            for (int i = 0; i < cols.length; i++) {
                cols[i] = new ColumnVector(types.get(i), capacity, ctx);
            }
        }
        catch (RuntimeException e) {
            for (ColumnVector c : cols) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
        return new ColumnBatch(cols, 0);
    }

    public int columnCount()
    {
        return columns.length;
    }

    public ColumnVector column(int i)
    {
        return columns[i];
    }

    public ColumnVector[] columns()
    {
        return columns;
    }

    /** Physically present rows. */
    public int rowCount()
    {
        return rowCount;
    }

    public void setRowCount(int rowCount)
    {
        this.rowCount = rowCount;
    }

    /** Logical number of rows (selected rows if a selection vector is set). */
    public int size()
    {
        return selection == null ? rowCount : selectedCount;
    }

    /** Physical position of logical row {@code i}. */
    public int position(int i)
    {
        return selection == null ? i : selection[i];
    }

    /** Selection vector or null; the array may be longer than {@link #size()}. */
    public int[] selection()
    {
        return selection;
    }

    public void setSelection(int[] selection, int count)
    {
        this.selection = selection;
        this.selectedCount = count;
    }

    public void clearSelection()
    {
        this.selection = null;
        this.selectedCount = 0;
    }

    /** Resets to zero rows so the batch can be refilled (buffers are kept). */
    public void reset()
    {
        rowCount = 0;
        clearSelection();
        for (ColumnVector c : columns) {
            c.resetNulls();
            c.resetVarlen();
        }
    }

    @Override
    public void close()
    {
        for (ColumnVector c : columns) {
            c.close();
        }
    }
}
