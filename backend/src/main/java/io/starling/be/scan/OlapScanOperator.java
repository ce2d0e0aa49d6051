package io.starling.be.scan;

import io.starling.sched.driver.SourcePipelineOperator;
import io.starling.sched.morsel.Morsel;
import io.starling.sched.morsel.MorselQueue;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.RowRange;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Source operator reading tablet segments: takes one segment ({@link Morsel} whose payload is the opened
 * {@link SegmentReader} of a snapshot at the scan range's version) at a time from a {@link MorselQueue} shared by
 * the scan's drivers, prunes it with the segment zonemaps, then with the page zonemaps of each predicate column
 * (keeping the row ranges every predicate column may match), and reads the surviving ranges in batches of up to
 * {@link ColumnBatch#MAX_ROWS} rows, only the listed columns. The conjuncts are then applied by a
 * {@link KernelFilter} (filter kernels on the vectors for {@code column op constant}, expression evaluation for the
 * rest) and the passing rows marked with a selection vector; batches where nothing passes are not returned. With a
 * filter, the columns it does not read are decoded only after it, and only for the passing rows when few passed
 * (late materialization, see {@link #read}).
 *
 * <p>The snapshots (and so the readers) are owned by the fragment, which releases them after every driver ended.
 */
public final class OlapScanOperator implements SourcePipelineOperator
{
    /**
     * Scattered late reads when at most 1 row in 4 passed the filter: a scattered value costs a few times a
     * bulk-decoded one (a random bit-unpack and store instead of a streaming loop), measured on SSB Q1.x.
     */
    static final int LATE_SCATTER_MAX_FRACTION = 4;

    private final String name;
    private final MorselQueue morsels;
    private final int[] tableColumns;
    private final List<DataType> outputTypes;
    private List<ZonePredicate> zonePredicates;
    /** Runtime filters of joins above (null: none planned); see {@link #withRuntimeFilters}. */
    private io.starling.be.rf.ScanRuntimeFilters runtimeFilters;
    private List<ZonePredicate> ownZonePredicates;
    private final KernelFilter filter;
    private final KernelFilter.Scratch scratch = new KernelFilter.Scratch();
    private final MemoryContext ctx;
    private final ScanStats stats;

    private SegmentReader segment;
    /** Delete vector of the current segment (PRIMARY/UNIQUE tablets), applied as the last row filter; or null. */
    private io.starling.storage.delvec.DelVector segmentDeletes;
    private List<RowRange> ranges;
    /** The merge of the current AGGREGATE tablet ({@link MergeScanSource}), or null. */
    private MergeScanSource merge;
    private int rangeIndex;
    private long nextRow;
    private boolean finished;

    /**
     * @param tableColumns for each output column, its index in the segment files (table schema order)
     * @param filter the scan conjuncts over the output row, or null
     */
    public OlapScanOperator(String name, MorselQueue morsels, int[] tableColumns, List<DataType> outputTypes,
            List<ZonePredicate> zonePredicates, KernelFilter filter, MemoryContext ctx, ScanStats stats)
    {
        this.name = name;
        this.morsels = morsels;
        this.tableColumns = tableColumns.clone();
        this.outputTypes = List.copyOf(outputTypes);
        this.zonePredicates = List.copyOf(zonePredicates);
        this.ownZonePredicates = this.zonePredicates;
        this.filter = filter;
        this.ctx = ctx;
        this.stats = stats;
    }

    /**
     * Applies the runtime filters of the joins above this scan: each new segment first picks up newly published
     * filters (their min/max and small IN sets join the zonemap predicates; an empty build side ends the scan), and
     * each batch runs their row test right after the conjuncts, before the remaining columns are decoded.
     */
    public OlapScanOperator withRuntimeFilters(io.starling.be.rf.ScanRuntimeFilters filters)
    {
        this.runtimeFilters = filters;
        return this;
    }

    /** Picks up newly published runtime filters; false when a filter proved that no row can match. */
    private boolean refreshRuntimeFilters()
    {
        if (runtimeFilters == null) {
            return true;
        }
        if (runtimeFilters.refresh()) {
            List<ZonePredicate> all = new ArrayList<>(ownZonePredicates);
            all.addAll(runtimeFilters.zonePredicates());
            zonePredicates = all;
        }
        return !runtimeFilters.buildSideEmpty();
    }

    /** Whether output column {@code c} is read before the filters run (the rest are late-materialized). */
    private boolean readsEarly(int c)
    {
        return (filter != null && filter.readsColumn(c)) || (runtimeFilters != null && runtimeFilters.readsColumn(c));
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public ColumnBatch pull()
    {
        while (!finished) {
            if (merge != null) {
                ColumnBatch merged = nextMerged();
                if (merged != null) {
                    return merged;
                }
                continue;
            }
            if (segment == null && !nextSegment()) {
                finished = true;
                return null;
            }
            if (merge != null) {
                continue;
            }
            if (rangeIndex >= ranges.size()) {
                segment = null;
                continue;
            }
            RowRange r = ranges.get(rangeIndex);
            int count = (int) Math.min(ColumnBatch.MAX_ROWS, r.endRow() - nextRow);
            ColumnBatch batch = read(nextRow, count);
            nextRow += count;
            if (nextRow >= r.endRow()) {
                rangeIndex++;
                if (rangeIndex < ranges.size()) {
                    nextRow = ranges.get(rangeIndex).firstRow();
                }
            }
            if (batch.size() > 0) {
                stats.rowsReturned.addAndGet(batch.size());
                return batch;
            }
            batch.close();
        }
        return null;
    }

    /**
     * The next merged batch of the current merge-on-read tablet with every conjunct applied (value predicates only
     * see merged rows), or null when the tablet is done (the merge is then closed).
     */
    private ColumnBatch nextMerged()
    {
        while (true) {
            ColumnBatch batch = merge.next();
            if (batch == null) {
                merge.close();
                merge = null;
                return null;
            }
            try {
                int count = batch.size();
                stats.rowsRead.addAndGet(count);
                if (filter != null) {
                    int byKernels = filter.apply(batch, scratch, ctx);
                    stats.rowsFilteredByKernels.addAndGet(byKernels);
                    stats.rowsFilteredByExpression.addAndGet(count - byKernels - batch.size());
                }
                if (runtimeFilters != null && refreshRuntimeFilters() && runtimeFilters.hasActive()) {
                    stats.rowsFilteredByRuntimeFilter.addAndGet(runtimeFilters.apply(batch));
                }
            }
            catch (RuntimeException e) {
                batch.close();
                throw e;
            }
            if (batch.size() > 0) {
                stats.rowsReturned.addAndGet(batch.size());
                return batch;
            }
            batch.close();
        }
    }

    /** Takes segments from the queue until one survives segment-level pruning; false when the queue is empty. */
    private boolean nextSegment()
    {
        Morsel m;
        while ((m = morsels.next()) != null) {
            if (!refreshRuntimeFilters()) {
                // a join's build side is empty: nothing this scan returns could match it
                stats.segmentsSkipped.incrementAndGet();
                stats.segmentsSkippedByRuntimeFilter.incrementAndGet();
                continue;
            }
            if (m.payload() instanceof MergeScanSource.Payload p) {
                merge = new MergeScanSource(p.snapshot(), tableColumns, outputTypes, zonePredicates, ctx, stats);
                return true;
            }
            SegmentReader s = ScanSegment.reader(m.payload());
            if (s.numRows() == 0 || !segmentMightMatch(s)) {
                stats.segmentsSkipped.incrementAndGet();
                continue;
            }
            List<RowRange> rs = survivingRanges(s);
            if (rs.isEmpty()) {
                stats.segmentsSkipped.incrementAndGet();
                continue;
            }
            stats.segmentsRead.incrementAndGet();
            segment = s;
            segmentDeletes = ScanSegment.deletes(m.payload());
            ranges = rs;
            rangeIndex = 0;
            nextRow = rs.getFirst().firstRow();
            return true;
        }
        return false;
    }

    private boolean segmentMightMatch(SegmentReader s)
    {
        for (ZonePredicate p : zonePredicates) {
            if (!p.predicate().mightMatch(s.columnZoneMap(tableColumns[p.outputColumn()]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Row ranges of the segment that every predicate column's page zonemaps allow: the intersection over predicate
     * columns of the union of their surviving pages (pages of different columns cover different row ranges).
     */
    private List<RowRange> survivingRanges(SegmentReader s)
    {
        // short key, bitmap, zone map and bloom filter pruning (SegmentPruner)
        return SegmentPruner.survivingRanges(s, tableColumns, zonePredicates, stats);
    }

    private static void addMerged(List<RowRange> ranges, RowRange r)
    {
        if (!ranges.isEmpty() && ranges.getLast().endRow() == r.firstRow()) {
            RowRange last = ranges.removeLast();
            ranges.add(new RowRange(last.firstRow(), last.numRows() + r.numRows()));
        }
        else {
            ranges.add(r);
        }
    }

    /** Intersection of two sorted, disjoint range lists. */
    static List<RowRange> intersect(List<RowRange> a, List<RowRange> b)
    {
        List<RowRange> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            RowRange x = a.get(i);
            RowRange y = b.get(j);
            long lo = Math.max(x.firstRow(), y.firstRow());
            long hi = Math.min(x.endRow(), y.endRow());
            if (lo < hi) {
                out.add(new RowRange(lo, hi - lo));
            }
            if (x.endRow() < y.endRow()) {
                i++;
            }
            else {
                j++;
            }
        }
        return out;
    }

    /**
     * Reads one batch. With a filter, the columns it reads are decoded first and filtered; the other columns are
     * then decoded only when some row passed (late materialization): in full when many rows passed, else just the
     * passing rows ({@link SegmentReader#readColumnSelected}; strings by dictionary code), leaving the unselected rows of
     * those columns unset, which is fine because every consumer reads a batch through its selection vector.
     */
    private ColumnBatch read(long firstRow, int count)
    {
        ColumnBatch batch = ColumnBatch.allocate(outputTypes, count, ctx);
        try {
            if (runtimeFilters != null && !refreshRuntimeFilters()) {
                // an empty build side was published meanwhile: end this segment (the next ones are skipped)
                rangeIndex = ranges.size();
                batch.setRowCount(0);
                return batch;
            }
            boolean late = filter != null || (runtimeFilters != null && runtimeFilters.hasActive());
            for (int c = 0; c < tableColumns.length; c++) {
                if (!late || readsEarly(c)) {
                    segment.readColumn(tableColumns[c], firstRow, count, batch.column(c), 0);
                }
            }
            batch.setRowCount(count);
            stats.rowsRead.addAndGet(count);
            if (filter != null) {
                int byKernels = filter.apply(batch, scratch, ctx, segment, firstRow, tableColumns);
                stats.rowsFilteredByKernels.addAndGet(byKernels);
                stats.rowsFilteredByDictionary.addAndGet(scratch.dictRemoved());
                stats.rowsFilteredByExpression.addAndGet(count - byKernels - scratch.dictRemoved() - batch.size());
            }
            if (late && runtimeFilters != null) {
                stats.rowsFilteredByRuntimeFilter.addAndGet(runtimeFilters.apply(batch));
            }
            if (late && batch.size() > 0) {
                readRemaining(batch, firstRow, count);
            }
            DeleteFilter.apply(batch, segmentDeletes, firstRow);
            return batch;
        }
        catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    /** Decodes the columns the filter did not read, for the rows that passed it. */
    private void readRemaining(ColumnBatch batch, long firstRow, int count)
    {
        int[] sel = batch.selection();
        int n = batch.size();
        // Scattered decoding costs a random access per row; past about one row in LATE_SCATTER_MAX_FRACTION the
        // sequential bulk decode of the whole range is as cheap.
        boolean scatter = sel != null && (long) n * LATE_SCATTER_MAX_FRACTION < count;
        for (int c = 0; c < tableColumns.length; c++) {
            if (readsEarly(c) || (filter != null && scratch.materialized(c))) {
                continue;
            }
            ColumnVector v = batch.column(c);
            if (scatter) {
                segment.readColumnSelected(tableColumns[c], firstRow, sel, n, v);
                DictFilter.fillEmptyAfter(v, sel[n - 1] + 1, count);
            }
            else {
                segment.readColumn(tableColumns[c], firstRow, count, v, 0);
            }
        }
    }

    @Override
    public void finish()
    {
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public void close()
    {
        finished = true;
        segment = null;
        if (merge != null) {
            merge.close();
            merge = null;
        }
    }
}
