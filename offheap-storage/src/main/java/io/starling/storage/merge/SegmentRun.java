package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.RowRange;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * A sorted segment read as a {@link SortedRun}: the given row ranges (all rows, or what key-column pruning
 * left) in batches of up to {@link ColumnBatch#MAX_ROWS}, only the listed columns.
 */
public final class SegmentRun implements SortedRun
{
    private final SegmentReader segment;
    private final int[] columns;
    private final List<DataType> types;
    private final List<RowRange> ranges;
    private final MemoryContext ctx;
    private final boolean tombstones;
    private int rangeIndex;
    private long nextRow;

    /**
     * @param columns for each merge column, its column index in the segment, or -1 when the segment does not store
     *        it (a tombstone run stores only the key columns; those values read as NULL)
     * @param types the merge columns' types
     * @param ranges row ranges in ascending order
     */
    public SegmentRun(SegmentReader segment, int[] columns, List<DataType> types, List<RowRange> ranges, MemoryContext ctx, boolean tombstones)
    {
        this.segment = segment;
        this.columns = columns.clone();
        this.types = List.copyOf(types);
        this.ranges = List.copyOf(ranges);
        this.ctx = ctx;
        this.tombstones = tombstones;
        this.nextRow = ranges.isEmpty() ? 0 : ranges.getFirst().firstRow();
    }

    /** A run over every row of the segment. */
    public static SegmentRun whole(SegmentReader segment, int[] columns, List<DataType> types, MemoryContext ctx, boolean tombstones)
    {
        List<RowRange> all = segment.numRows() == 0 ? List.of() : List.of(new RowRange(0, segment.numRows()));
        return new SegmentRun(segment, columns, types, all, ctx, tombstones);
    }

    @Override
    public ColumnBatch next()
    {
        if (rangeIndex >= ranges.size()) {
            return null;
        }
        RowRange r = ranges.get(rangeIndex);
        int count = (int) Math.min(ColumnBatch.MAX_ROWS, r.endRow() - nextRow);
        ColumnBatch batch = ColumnBatch.allocate(types, count, ctx);
        try {
            for (int c = 0; c < columns.length; c++) {
                if (columns[c] >= 0) {
                    segment.readColumn(columns[c], nextRow, count, batch.column(c), 0);
                }
                else {
                    for (int i = 0; i < count; i++) {
                        batch.column(c).setNull(i, true);
                    }
                }
            }
            batch.setRowCount(count);
        }
        catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        nextRow += count;
        if (nextRow >= r.endRow()) {
            rangeIndex++;
            if (rangeIndex < ranges.size()) {
                nextRow = ranges.get(rangeIndex).firstRow();
            }
        }
        return batch;
    }

    @Override
    public boolean tombstones()
    {
        return tombstones;
    }
}
