package io.starling.exec.operator.window;

import io.starling.storage.batch.ColumnVector;

/**
 * The computation of one window function over the rows of a partition. The operator calls {@link #reset} once a
 * partition is complete, then {@link #evaluate} for consecutive row ranges in increasing order (one range per
 * output batch), so implementations keep incremental state between calls: running sums, a sliding frame, a
 * monotonic deque.
 */
abstract class WindowFunction
{
    /** Starts a new, complete partition. */
    abstract void reset(WindowPartition partition);

    /**
     * Writes the results of partition rows {@code [from, to)} into {@code out} rows {@code outRow ..}; {@code out} is a
     * fresh output vector written in increasing row order.
     */
    abstract void evaluate(int from, int to, ColumnVector out, int outRow);

    /** Releases heap state accounted to the operator. */
    void close()
    {
    }
}
