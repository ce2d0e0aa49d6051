package io.starling.exec.operator.window;

import io.starling.storage.batch.ColumnVector;

/**
 * ROW_NUMBER, RANK, DENSE_RANK, NTILE(n) (BIGINT) and CUME_DIST, PERCENT_RANK (DOUBLE), from the row's position and
 * its peer group (rows with equal ORDER BY keys). They ignore the frame.
 * <ul>
 *   <li>RANK = 1 + rows before the peer group; DENSE_RANK = 1 + peer groups before it;</li>
 *   <li>NTILE(n): buckets 1..n, the first {@code size % n} buckets one row larger (a bucket per row if n &gt; size);</li>
 *   <li>CUME_DIST = (rows up to the end of the peer group) / size; PERCENT_RANK = (RANK - 1) / (size - 1), 0 for a
 *       single row.</li>
 * </ul>
 */
final class RankingFunction
        extends WindowFunction
{
    private final WindowFunctionKind kind;
    private final long buckets;
    private WindowPartition partition;
    private long dense;
    private int denseGroupStart;

    /**
     * @param buckets NTILE's bucket count (ignored by the others)
     */
    RankingFunction(WindowFunctionKind kind, long buckets)
    {
        if (kind == WindowFunctionKind.NTILE && buckets <= 0) {
            throw new IllegalArgumentException("NTILE requires a positive number of buckets, got " + buckets);
        }
        this.kind = kind;
        this.buckets = buckets;
    }

    @Override
    void reset(WindowPartition p)
    {
        partition = p;
        dense = 0;
        denseGroupStart = -1;
    }

    @Override
    void evaluate(int from, int to, ColumnVector out, int outRow)
    {
        WindowPartition p = partition;
        int n = p.size();
        switch (kind) {
            case ROW_NUMBER -> {
                for (int i = from; i < to; i++) {
                    out.setLong(outRow++, i + 1);
                }
            }
            case RANK -> {
                for (int i = from; i < to; i++) {
                    out.setLong(outRow++, p.peerStart(i) + 1);
                }
            }
            case DENSE_RANK -> {
                for (int i = from; i < to; i++) {
                    int start = p.peerStart(i);
                    if (start != denseGroupStart) {
                        denseGroupStart = start;
                        dense++;
                    }
                    out.setLong(outRow++, dense);
                }
            }
            case NTILE -> {
                long small = n / buckets;
                long large = small + 1;
                long largeRows = (n % buckets) * large;
                for (int i = from; i < to; i++) {
                    long bucket = i < largeRows ? i / large : (n % buckets) + (i - largeRows) / small;
                    out.setLong(outRow++, bucket + 1);
                }
            }
            case CUME_DIST -> {
                for (int i = from; i < to; i++) {
                    out.setDouble(outRow++, (double) p.peerEnd(i) / n);
                }
            }
            case PERCENT_RANK -> {
                for (int i = from; i < to; i++) {
                    out.setDouble(outRow++, n == 1 ? 0.0 : (double) p.peerStart(i) / (n - 1));
                }
            }
            default -> throw new IllegalStateException("not a ranking function: " + kind);
        }
    }
}
