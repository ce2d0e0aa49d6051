package io.starling.storage.compaction;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentReader;

import java.io.IOException;

/**
 * The live rows of the input segments, segment after segment in version order, rows not in the segment's delete
 * vector: the compaction of DUPLICATE tablets (an append; each input run keeps its own order) and of key-replacing
 * tablets (at most one live row per key, so no merge is needed: the primary index finds rows, not the order).
 * Tracks every row's origin for the commit's primary-index update.
 */
public final class LiveRowSource implements RowSource
{
    private final CompactionInput input;
    private final ColumnBatch batch;
    private final long[] origins = new long[ColumnBatch.MAX_ROWS];
    private final int[] selection = new int[ColumnBatch.MAX_ROWS];
    private int segment;
    private long row;

    public LiveRowSource(CompactionInput input, MemoryContext memory)
    {
        this.input = input;
        this.batch = ColumnBatch.allocate(input.schema(), memory);
    }

    @Override
    public ColumnBatch next() throws IOException
    {
        while (segment < input.segments().size()) {
            SegmentReader r = input.segments().get(segment);
            long rows = r.numRows();
            if (row >= rows) {
                segment++;
                row = 0;
                continue;
            }
            int n = (int) Math.min(ColumnBatch.MAX_ROWS, rows - row);
            DelVector dv = input.deletes().get(segment);
            int live = 0;
            for (int i = 0; i < n; i++) {
                int at = (int) (row + i);
                if (dv == null || !dv.isDeleted(at)) {
                    selection[live] = i;
                    origins[live] = (long) segment << 32 | at;
                    live++;
                }
            }
            long first = row;
            row += n;
            if (live == 0) {
                continue;
            }
            batch.reset();
            for (int c = 0; c < input.schema().size(); c++) {
                r.readColumn(c, first, n, batch.column(c), 0);
            }
            batch.setRowCount(n);
            if (live < n) {
                batch.setSelection(selection, live);
            }
            return batch;
        }
        return null;
    }

    @Override
    public long[] lastOrigins()
    {
        return origins;
    }

    @Override
    public void close()
    {
        batch.close();
    }
}
