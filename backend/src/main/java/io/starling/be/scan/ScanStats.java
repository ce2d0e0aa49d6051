package io.starling.be.scan;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one scan node shared by all its drivers: segments and pages read or skipped by zonemap pruning and
 * rows read from disk vs. rows returned after the conjuncts, split by what removed them (filter kernels or expression
 * evaluation). Pages are counted per pruning column (a skipped row range counts once per predicate column whose page
 * zonemap refuted it). The index counters ({@link SegmentPruner}): rows outside the short key range, rows outside the
 * bitmap index row sets, and pages refuted by their bloom filters (zone-map skips stay in {@link #pagesSkipped}).
 */
public final class ScanStats
{
    final AtomicLong segmentsRead = new AtomicLong();
    final AtomicLong segmentsSkipped = new AtomicLong();
    final AtomicLong pagesRead = new AtomicLong();
    final AtomicLong pagesSkipped = new AtomicLong();
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong rowsReturned = new AtomicLong();
    final AtomicLong rowsFilteredByKernels = new AtomicLong();
    final AtomicLong rowsFilteredByExpression = new AtomicLong();
    /** Rows removed by string conjuncts evaluated on dictionary codes (DictFilter). */
    final AtomicLong rowsFilteredByDictionary = new AtomicLong();
    /** Rows outside the short key index's range (index package: SegmentPruner). */
    final AtomicLong shortKeyRowsSkipped = new AtomicLong();
    /** Rows outside the bitmap indexes' row sets (after the short key range). */
    final AtomicLong bitmapRowsSkipped = new AtomicLong();
    /** Pages whose bloom filter refuted an = or IN predicate (their zone map allowed them). */
    final AtomicLong bloomPagesSkipped = new AtomicLong();
    final AtomicLong rowsFilteredByRuntimeFilter = new AtomicLong();
    final AtomicLong segmentsSkippedByRuntimeFilter = new AtomicLong();

    public long segmentsRead()
    {
        return segmentsRead.get();
    }

    public long segmentsSkipped()
    {
        return segmentsSkipped.get();
    }

    public long pagesRead()
    {
        return pagesRead.get();
    }

    public long pagesSkipped()
    {
        return pagesSkipped.get();
    }

    public long rowsRead()
    {
        return rowsRead.get();
    }

    public long rowsReturned()
    {
        return rowsReturned.get();
    }

    /** Rows removed by {@code column op constant} conjuncts run on the filter kernels. */
    public long rowsFilteredByKernels()
    {
        return rowsFilteredByKernels.get();
    }

    /** Rows removed by the conjuncts evaluated as expressions (after the kernel terms). */
    public long rowsFilteredByExpression()
    {
        return rowsFilteredByExpression.get();
    }

    /** Rows removed by conjuncts over one string column, evaluated on dictionary codes (or, on PLAIN pages, rows). */
    public long rowsFilteredByDictionary()
    {
        return rowsFilteredByDictionary.get();
    }

    /** Rows removed by runtime filters (IN set, bloom filter, min/max) of joins above the scan. */
    public long rowsFilteredByRuntimeFilter()
    {
        return rowsFilteredByRuntimeFilter.get();
    }

    /** Segments skipped because a join's build side was empty (also counted in segmentsSkipped). */
    public long segmentsSkippedByRuntimeFilter()
    {
        return segmentsSkippedByRuntimeFilter.get();
    }

    /** Pages skipped by zone maps (same as {@link #pagesSkipped}, named per index for the profile). */
    public long zoneMapPagesSkipped()
    {
        return pagesSkipped.get();
    }

    /** Rows the short key index excluded before any page was looked at. */
    public long shortKeyRowsSkipped()
    {
        return shortKeyRowsSkipped.get();
    }

    /** Rows the bitmap indexes excluded. */
    public long bitmapRowsSkipped()
    {
        return bitmapRowsSkipped.get();
    }

    /** Pages skipped by their bloom filters. */
    public long bloomPagesSkipped()
    {
        return bloomPagesSkipped.get();
    }

    @Override
    public String toString()
    {
        return "SegmentsRead: " + segmentsRead + ", SegmentsSkipped: " + segmentsSkipped + ", PagesRead: " + pagesRead
                + ", PagesSkipped: " + pagesSkipped + ", RawRowsRead: " + rowsRead + ", KernelFilteredRows: "
                + rowsFilteredByKernels + ", ExprFilteredRows: " + rowsFilteredByExpression
                + ", RuntimeFilterRows: " + rowsFilteredByRuntimeFilter
                + ", RowsReturned: " + rowsReturned
                + ", ShortKeyFilterRows: " + shortKeyRowsSkipped + ", BitmapIndexFilterRows: " + bitmapRowsSkipped
                + ", BloomFilterPagesSkipped: " + bloomPagesSkipped + ", DictFilteredRows: " + rowsFilteredByDictionary;
    }
}
