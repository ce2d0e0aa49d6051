package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * K-way merge of sorted runs into batches in sort-key order, folded per table model by a {@link RowCombiner}:
 * the read path of AGGREGATE and UNIQUE tablets (merge-on-read) and the engine of their compaction. Runs are given
 * oldest first (rowset version order, then segment order inside a rowset); among equal keys the older run's rows
 * come first, so "newest" is always the later run.
 *
 * <pre>
 * try (MergeIterator it = MergeIterator.open(runs, KeysModel.AGGREGATE, types, keyPositions, aggTypes, ctx)) {
 *     for (ColumnBatch b; (b = it.next()) != null; ) { try (b) { ... } }
 * }
 * </pre>
 * The iterator owns the runs and closes them. Memory: one batch per run plus the output batch. Not thread-safe.
 */
public final class MergeIterator implements AutoCloseable
{
    private final List<SortedRun> runs;
    private final int[] keys;
    private final RowCombiner combiner;
    private final PriorityQueue<Cursor> heap;
    private final List<Cursor> cursors = new ArrayList<>();
    private boolean finished;

    /** A run's current batch and row. */
    private static final class Cursor
    {
        final SortedRun run;
        final int order;
        ColumnBatch batch;
        int row;

        Cursor(SortedRun run, int order)
        {
            this.run = run;
            this.order = order;
        }

        boolean advance() throws IOException
        {
            row++;
            if (row < batch.rowCount()) {
                return true;
            }
            batch.close();
            batch = null;
            return load();
        }

        boolean load() throws IOException
        {
            while ((batch = run.next()) != null) {
                row = 0;
                if (batch.rowCount() > 0) {
                    return true;
                }
                batch.close();
            }
            return false;
        }
    }

    private MergeIterator(List<SortedRun> runs, KeysModel model, List<DataType> types, int[] keys, List<AggType> aggs, MemoryContext ctx)
    {
        this.runs = List.copyOf(runs);
        this.keys = keys.clone();
        this.combiner = new RowCombiner(model, types, keys, aggs, ctx);
        this.heap = new PriorityQueue<>(Math.max(1, runs.size()), (a, b) -> {
            int c = RowComparator.compareRows(a.batch.columns(), a.row, b.batch.columns(), b.row, this.keys);
            return c != 0 ? c : Integer.compare(a.order, b.order);
        });
    }

    /**
     * Opens a merge.
     *
     * @param runs sorted runs, oldest first
     * @param model how equal keys fold (DUPLICATE: not at all, the runs are only interleaved in key order)
     * @param types the columns of the runs' batches (and of the output)
     * @param keyPositions positions of the sort-key columns in {@code types}, in sort order (for AGGREGATE and
     *        UNIQUE: exactly the key columns)
     * @param aggTypes per column its aggregation type (AGGREGATE; NONE for keys)
     */
    public static MergeIterator open(List<SortedRun> runs, KeysModel model, List<DataType> types, int[] keyPositions,
            List<AggType> aggTypes, MemoryContext ctx) throws IOException
    {
        MergeIterator it = new MergeIterator(runs, model, types, keyPositions, aggTypes, ctx);
        try {
            for (int i = 0; i < runs.size(); i++) {
                Cursor c = new Cursor(runs.get(i), i);
                it.cursors.add(c);
                if (c.load()) {
                    it.heap.add(c);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            it.close();
            throw e;
        }
        return it;
    }

    /** The next merged batch (owned by the caller), or null at the end. */
    public ColumnBatch next() throws IOException
    {
        while (true) {
            ColumnBatch b = combiner.poll();
            if (b != null) {
                return b;
            }
            if (finished) {
                return null;
            }
            if (heap.isEmpty()) {
                combiner.finish();
                finished = true;
                continue;
            }
            // feed rows until a batch is complete (the combiner hands it out at the next key change)
            while (!heap.isEmpty()) {
                Cursor c = heap.poll();
                combiner.add(c.batch, c.row, c.run.tombstones());
                if (c.advance()) {
                    heap.add(c);
                }
                if (combiner.pendingRows() == ColumnBatch.MAX_ROWS) {
                    break;
                }
            }
        }
    }

    @Override
    public void close()
    {
        combiner.close();
        for (Cursor c : cursors) {
            if (c.batch != null) {
                c.batch.close();
                c.batch = null;
            }
        }
        for (SortedRun r : runs) {
            r.close();
        }
        heap.clear();
    }
}
