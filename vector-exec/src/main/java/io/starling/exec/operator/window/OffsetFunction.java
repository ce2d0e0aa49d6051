package io.starling.exec.operator.window;

import io.starling.exec.hash.JoinGather;
import io.starling.storage.batch.ColumnVector;

/**
 * LAG(value, offset, default) and LEAD(...): the value {@code offset} rows before (LAG) or after (LEAD) the current
 * row within the partition, or the default (evaluated at the current row; NULL when absent) past the partition's
 * edge. The frame is ignored.
 */
final class OffsetFunction
        extends WindowFunction
{
    private final long offset;
    private final int valueColumn;
    private final int defaultColumn;
    private WindowPartition partition;

    /**
     * @param offset rows back (LAG) or forward (LEAD), &ge; 0; pass it negated for LAG
     * @param defaultColumn stored column of the default, or -1 for NULL
     */
    OffsetFunction(long offset, int valueColumn, int defaultColumn)
    {
        this.offset = offset;
        this.valueColumn = valueColumn;
        this.defaultColumn = defaultColumn;
    }

    @Override
    void reset(WindowPartition p)
    {
        partition = p;
    }

    @Override
    void evaluate(int from, int to, ColumnVector out, int outRow)
    {
        WindowPartition p = partition;
        for (int i = from; i < to; i++, outRow++) {
            long j = i + offset;
            if (j >= 0 && j < p.size()) {
                int r = (int) j;
                JoinGather.copyValue(p.column(r, valueColumn), WindowPartition.pos(r), out, outRow);
            }
            else if (defaultColumn >= 0) {
                JoinGather.copyValue(p.column(i, defaultColumn), WindowPartition.pos(i), out, outRow);
            }
            else {
                out.setNull(outRow, true);
            }
        }
    }
}
