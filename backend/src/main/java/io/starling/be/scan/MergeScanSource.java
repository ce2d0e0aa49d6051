package io.starling.be.scan;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.merge.AggType;
import io.starling.storage.merge.MergeIterator;
import io.starling.storage.merge.SegmentRun;
import io.starling.storage.merge.SortedRun;
import io.starling.storage.segment.RowRange;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.TabletSnapshot;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merge-on-read scan of one AGGREGATE KEY tablet (StarRocks' Aggregate table read path): the tablet's visible
 * segments, each a sorted run written by one memtable flush, are merged in key order by {@link MergeIterator}, equal
 * keys folded by the value columns' aggregation types, and the merged rows come out with the scan's output columns.
 *
 * <p>Predicates: only those on key columns are used below the merge (segment and page pruning through
 * {@link SegmentPruner}: short key, zone maps, bloom filters), because a key predicate has the same truth value on
 * every row of a key, so pruning keeps or drops whole keys. Every conjunct, value columns included, is applied by the
 * {@link OlapScanOperator} to the merged rows: a value predicate below the merge would test parts of a sum instead of
 * the sum (the classic wrong answer). A tablet of one segment needs no merge (its memtable already folded it) and is
 * scanned like a DUPLICATE one.
 */
public final class MergeScanSource implements AutoCloseable
{
    /** The morsel payload of a tablet scanned through the merge. */
    public record Payload(TabletSnapshot snapshot)
    {
    }

    private final MergeIterator merge;
    private final int[] outputPositions;
    private final boolean[] usedPositions;
    private final List<DataType> outputTypes;
    private final MemoryContext ctx;

    /** Whether a snapshot's rows must be merged on read. */
    public static boolean merges(TabletSnapshot snap)
    {
        return snap.keysModel() == KeysModel.AGGREGATE && snap.segments().size() > 1;
    }

    /**
     * @param tableColumns for each output column its schema position
     * @param zonePredicates the scan's zone predicates (by output column); those on key columns prune runs
     */
    MergeScanSource(TabletSnapshot snap, int[] tableColumns, List<DataType> outputTypes, List<ZonePredicate> zonePredicates,
            MemoryContext ctx, ScanStats stats)
    {
        this.outputTypes = List.copyOf(outputTypes);
        this.ctx = ctx;
        int[] sortKey = snap.sortKeyColumns();
        List<Integer> mergeColumns = new ArrayList<>();
        List<DataType> mergeTypes = new ArrayList<>();
        List<AggType> aggs = new ArrayList<>();
        List<AggType> tableAggs = snap.aggregationTypes();
        for (int k : sortKey) {
            mergeColumns.add(k);
            mergeTypes.add(typeOf(k, snap, tableColumns, outputTypes));
            aggs.add(AggType.NONE);
        }
        outputPositions = new int[tableColumns.length];
        for (int c = 0; c < tableColumns.length; c++) {
            int pos = mergeColumns.indexOf(tableColumns[c]);
            if (pos < 0) {
                pos = mergeColumns.size();
                mergeColumns.add(tableColumns[c]);
                mergeTypes.add(outputTypes.get(c));
                aggs.add(tableAggs.get(tableColumns[c]));
            }
            outputPositions[c] = pos;
        }
        usedPositions = new boolean[mergeColumns.size()];
        for (int p : outputPositions) {
            usedPositions[p] = true;
        }
        int[] keyPositions = new int[sortKey.length];
        for (int i = 0; i < keyPositions.length; i++) {
            keyPositions[i] = i;
        }
        List<ZonePredicate> keyPredicates = new ArrayList<>();
        for (ZonePredicate p : zonePredicates) {
            for (int k : sortKey) {
                if (tableColumns[p.outputColumn()] == k) {
                    keyPredicates.add(p);
                }
            }
        }
        int[] columns = mergeColumns.stream().mapToInt(Integer::intValue).toArray();
        List<SortedRun> runs = new ArrayList<>();
        for (SegmentReader s : snap.segments()) {
            if (s.numRows() == 0 || !mightMatch(s, tableColumns, keyPredicates)) {
                stats.segmentsSkipped.incrementAndGet();
                continue;
            }
            List<RowRange> ranges = SegmentPruner.survivingRanges(s, tableColumns, keyPredicates, stats);
            if (ranges.isEmpty()) {
                stats.segmentsSkipped.incrementAndGet();
                continue;
            }
            stats.segmentsRead.incrementAndGet();
            runs.add(new SegmentRun(s, columns, mergeTypes, ranges, ctx, false));
        }
        try {
            merge = MergeIterator.open(runs, KeysModel.AGGREGATE, mergeTypes, keyPositions, aggs, ctx);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot merge tablet " + snap.tabletId(), e);
        }
    }

    /** A key column is read as the plan's type when the plan reads it, else as stored. */
    private static DataType typeOf(int tableColumn, TabletSnapshot snap, int[] tableColumns, List<DataType> outputTypes)
    {
        for (int c = 0; c < tableColumns.length; c++) {
            if (tableColumns[c] == tableColumn) {
                return outputTypes.get(c);
            }
        }
        return snap.schema().get(tableColumn);
    }

    private static boolean mightMatch(SegmentReader s, int[] tableColumns, List<ZonePredicate> preds)
    {
        for (ZonePredicate p : preds) {
            if (!p.predicate().mightMatch(s.columnZoneMap(tableColumns[p.outputColumn()]))) {
                return false;
            }
        }
        return true;
    }

    /** The next merged batch with the scan's output columns (owned by the caller), or null at the end. */
    ColumnBatch next()
    {
        ColumnBatch merged;
        try {
            merged = merge.next();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (merged == null) {
            return null;
        }
        int n = merged.rowCount();
        ColumnVector[] out = new ColumnVector[outputPositions.length];
        boolean[] taken = new boolean[usedPositions.length];
        for (int c = 0; c < out.length; c++) {
            int p = outputPositions[c];
            if (!taken[p]) {
                out[c] = merged.column(p);
                taken[p] = true;
            }
            else {
                // the same column read twice: the second output gets its own copy
                ColumnVector copy = new ColumnVector(outputTypes.get(c), Math.max(n, 1), ctx);
                for (int r = 0; r < n; r++) {
                    copy.copyFrom(merged.column(p), r, r);
                }
                out[c] = copy;
            }
        }
        for (int p = 0; p < taken.length; p++) {
            if (!taken[p]) {
                merged.column(p).close();
            }
        }
        return new ColumnBatch(out, n);
    }

    @Override
    public void close()
    {
        merge.close();
    }
}
