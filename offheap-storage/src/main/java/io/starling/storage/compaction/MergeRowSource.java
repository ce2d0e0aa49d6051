package io.starling.storage.compaction;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.merge.AggType;
import io.starling.storage.merge.MergeIterator;
import io.starling.storage.merge.SegmentRun;
import io.starling.storage.merge.SortedRun;
import io.starling.storage.segment.SegmentReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compaction row source of merge-on-read tablets (AGGREGATE): the input segments, each a sorted run, merged in
 * sort-key order by {@link MergeIterator}, rows of one key folded by the columns' aggregation types, exactly as a
 * read merges them. The output is therefore one sorted run whose rows a later read-time merge folds the same way.
 * Inputs are consecutive rowsets in version order and their segments oldest first, which is the order the merge
 * needs to let newer rows win (REPLACE).
 */
public final class MergeRowSource implements RowSource
{
    private final MergeIterator merge;
    private ColumnBatch last;

    public MergeRowSource(CompactionInput input, MemoryContext memory)
    {
        int columns = input.schema().size();
        int[] all = new int[columns];
        for (int c = 0; c < columns; c++) {
            all[c] = c;
        }
        List<AggType> aggs = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            aggs.add(c < input.aggregationTypes().size() ? input.aggregationTypes().get(c) : AggType.NONE);
        }
        int[] keys = input.sortKeyColumns().length > 0 ? input.sortKeyColumns() : prefix(input.numKeyColumns());
        List<SortedRun> runs = new ArrayList<>(input.segments().size());
        for (SegmentReader s : input.segments()) {
            if (s.numRows() > 0) {
                runs.add(SegmentRun.whole(s, all, input.schema(), memory, false));
            }
        }
        try {
            merge = MergeIterator.open(runs, input.keysModel(), input.schema(), keys, aggs, memory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot merge the inputs of tablet " + input.tabletId(), e);
        }
    }

    private static int[] prefix(int n)
    {
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i;
        }
        return keys;
    }

    @Override
    public ColumnBatch next() throws IOException
    {
        closeLast();
        last = merge.next();
        return last;
    }

    @Override
    public long[] lastOrigins()
    {
        return null;
    }

    private void closeLast()
    {
        if (last != null) {
            last.close();
            last = null;
        }
    }

    @Override
    public void close()
    {
        closeLast();
        merge.close();
    }
}
