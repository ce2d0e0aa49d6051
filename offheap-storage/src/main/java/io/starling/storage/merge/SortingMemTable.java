package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.RowsetWriter;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The memtable of one tablet in a DUPLICATE, AGGREGATE or UNIQUE load: rows collect in arrival order (copied into
 * off-heap batches); {@link #flush} sorts them by the tablet's sort key ({@link SortPermutation}), folds equal keys
 * as the model asks ({@link RowCombiner}: AGGREGATE pre-aggregates, UNIQUE keeps the last row, DUPLICATE keeps all)
 * and writes them as one flush unit of the rowset, so every segment is a sorted run (StarRocks' MemTable). A load
 * bigger than the flush size becomes several sorted runs, merged on read (AGGREGATE/UNIQUE) or by compaction.
 * Not thread-safe.
 */
public final class SortingMemTable implements AutoCloseable
{
    private final KeysModel model;
    private final List<DataType> schema;
    private final int[] sortKey;
    private final List<AggType> aggs;
    private final MemoryContext ctx;
    private final List<ColumnBatch> chunks = new ArrayList<>();
    private int rows;

    /**
     * @param sortKey schema positions of the sort-key columns in sort order (empty: rows keep arrival order)
     * @param aggs per schema column its aggregation type (only AGGREGATE uses them)
     */
    public SortingMemTable(KeysModel model, List<DataType> schema, int[] sortKey, List<AggType> aggs, MemoryContext ctx)
    {
        this.model = model;
        this.schema = List.copyOf(schema);
        this.sortKey = sortKey.clone();
        this.aggs = List.copyOf(aggs);
        this.ctx = ctx;
    }

    /** Copies row {@code row} (a physical row id) of {@code src}, whose columns are the tablet schema. */
    public void add(ColumnBatch src, int row)
    {
        int inChunk = rows % ColumnBatch.MAX_ROWS;
        if (inChunk == 0) {
            chunks.add(ColumnBatch.allocate(schema, ctx));
        }
        ColumnBatch chunk = chunks.getLast();
        for (int c = 0; c < schema.size(); c++) {
            chunk.column(c).copyFrom(src.column(c), row, inChunk);
        }
        chunk.setRowCount(inChunk + 1);
        rows++;
    }

    /** Rows held. */
    public int rows()
    {
        return rows;
    }

    /** Bytes held (the copied batches, as accounted in the memory context). */
    public long memoryBytes()
    {
        return ctx.used();
    }

    /**
     * Sorts, folds and writes the held rows as one flush unit (one or more sorted segments) of {@code writer},
     * then empties the memtable.
     *
     * @return rows written
     */
    public long flush(RowsetWriter writer) throws IOException
    {
        if (rows == 0) {
            return 0;
        }
        int[] order = SortPermutation.sort(chunks, sortKey);
        writer.beginUnit();
        long written = 0;
        try (RowCombiner combiner = new RowCombiner(model, schema, sortKey, aggs, ctx)) {
            for (int ref : order) {
                combiner.add(chunks.get(ref / ColumnBatch.MAX_ROWS), ref % ColumnBatch.MAX_ROWS, false);
                written += drain(combiner, writer);
            }
            combiner.finish();
            written += drain(combiner, writer);
        }
        clear();
        return written;
    }

    private static long drain(RowCombiner combiner, RowsetWriter writer) throws IOException
    {
        long n = 0;
        for (ColumnBatch b = combiner.poll(); b != null; b = combiner.poll()) {
            try (ColumnBatch owned = b) {
                writer.append(owned);
                n += owned.rowCount();
            }
        }
        return n;
    }

    private void clear()
    {
        for (ColumnBatch b : chunks) {
            b.close();
        }
        chunks.clear();
        rows = 0;
    }

    @Override
    public void close()
    {
        clear();
    }
}
