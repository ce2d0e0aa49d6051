package io.starling.exec.operator.window;

import io.starling.exec.hash.JoinGather;
import io.starling.storage.batch.ColumnVector;

/**
 * FIRST_VALUE and LAST_VALUE over the frame, optionally IGNORE NULLS (the first/last non-null value of the frame).
 * An empty frame yields NULL. Both frame ends only move forward from row to row, so the IGNORE NULLS scans keep a
 * cursor each and the whole partition costs O(n).
 */
final class ValueFunction
        extends WindowFunction
{
    private final boolean first;
    private final boolean ignoreNulls;
    private final int valueColumn;
    private final WindowFrame frame;
    private WindowPartition partition;
    /** FIRST IGNORE NULLS: candidate first non-null row at or after the frame start. */
    private int nextNonNull;
    /** LAST IGNORE NULLS: next row to examine, and the last non-null row seen before it (-1 if none). */
    private int scanned;
    private int lastNonNull;

    ValueFunction(boolean first, boolean ignoreNulls, int valueColumn, WindowFrame frame)
    {
        this.first = first;
        this.ignoreNulls = ignoreNulls;
        this.valueColumn = valueColumn;
        this.frame = frame;
    }

    @Override
    void reset(WindowPartition p)
    {
        partition = p;
        nextNonNull = 0;
        scanned = 0;
        lastNonNull = -1;
    }

    private boolean isNull(int row)
    {
        return partition.column(row, valueColumn).isNull(WindowPartition.pos(row));
    }

    @Override
    void evaluate(int from, int to, ColumnVector out, int outRow)
    {
        WindowPartition p = partition;
        for (int i = from; i < to; i++, outRow++) {
            int lo = frame.start(p, i);
            int hi = frame.end(p, i);
            int row = -1;
            if (lo <= hi) {
                if (!ignoreNulls) {
                    row = first ? lo : hi;
                }
                else if (first) {
                    nextNonNull = Math.max(nextNonNull, lo);
                    while (nextNonNull <= hi && isNull(nextNonNull)) {
                        nextNonNull++;
                    }
                    row = nextNonNull <= hi ? nextNonNull : -1;
                }
                else {
                    while (scanned <= hi) {
                        if (!isNull(scanned)) {
                            lastNonNull = scanned;
                        }
                        scanned++;
                    }
                    row = lastNonNull >= lo ? lastNonNull : -1;
                }
            }
            if (row < 0) {
                out.setNull(outRow, true);
            }
            else {
                JoinGather.copyValue(p.column(row, valueColumn), WindowPartition.pos(row), out, outRow);
            }
        }
    }
}
