package io.starling.be.scan;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one scan node shared by all its drivers: segments and pages read or skipped by zonemap pruning and
 * rows read from disk vs. rows returned after the conjuncts, split by what removed them (filter kernels or expression
 * evaluation). Pages are counted per pruning column (a skipped row range counts once per predicate column whose page
 * zonemap refuted it).
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

    @Override
    public String toString()
    {
        return "SegmentsRead: " + segmentsRead + ", SegmentsSkipped: " + segmentsSkipped + ", PagesRead: " + pagesRead
                + ", PagesSkipped: " + pagesSkipped + ", RawRowsRead: " + rowsRead + ", KernelFilteredRows: " + rowsFilteredByKernels + ", ExprFilteredRows: " + rowsFilteredByExpression
                + ", RowsReturned: " + rowsReturned;
    }
}
