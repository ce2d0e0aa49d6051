package io.starling.exec.operator.window;

import io.starling.exec.hash.JoinGather;
import io.starling.exec.sort.ValueComparator;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.PhysicalType;

/**
 * MIN and MAX over a frame in O(n) per partition with a monotonic deque of row numbers: for MIN the values of the
 * deque rows increase from head to tail, so the head is the frame's minimum; a row entering the frame drops the
 * tail rows it dominates, and rows leaving the frame drop off the head. NULLs never enter the deque (an all-NULL or
 * empty frame yields NULL). Works on every physical type, strings included ({@link ValueComparator}).
 *
 * <p>The deque is an {@code int} array as large as the partition, reserved in the operator's memory context.
 */
final class MinMaxFunction
        extends WindowFunction
{
    private final boolean max;
    private final int valueColumn;
    private final PhysicalType physical;
    private final WindowFrame frame;
    private final MemoryContext memory;
    private WindowPartition partition;
    private int[] deque = new int[0];
    private int head;
    private int tail;
    private int added;

    MinMaxFunction(boolean max, int valueColumn, PhysicalType physical, WindowFrame frame, MemoryContext memory)
    {
        this.max = max;
        this.valueColumn = valueColumn;
        this.physical = physical;
        this.frame = frame;
        this.memory = memory;
    }

    @Override
    void reset(WindowPartition p)
    {
        partition = p;
        if (deque.length < p.size()) {
            int capacity = Math.max(p.size(), 64);
            memory.reserve(capacity * 4L);
            memory.release(deque.length * 4L);
            deque = new int[capacity];
        }
        head = 0;
        tail = 0;
        added = 0;
    }

    @Override
    void evaluate(int from, int to, ColumnVector out, int outRow)
    {
        WindowPartition p = partition;
        for (int i = from; i < to; i++, outRow++) {
            int lo = frame.start(p, i);
            int hi = frame.end(p, i);
            if (lo >= added) {
                head = 0;
                tail = 0;
                added = lo;
            }
            while (added <= hi) {
                push(added++);
            }
            while (head < tail && deque[head] < lo) {
                head++;
            }
            if (head < tail && lo <= hi) {
                int r = deque[head];
                JoinGather.copyValue(p.column(r, valueColumn), WindowPartition.pos(r), out, outRow);
            }
            else {
                out.setNull(outRow, true);
            }
        }
    }

    private void push(int row)
    {
        ColumnVector v = partition.column(row, valueColumn);
        int pos = WindowPartition.pos(row);
        if (v.isNull(pos)) {
            return;
        }
        while (head < tail) {
            int last = deque[tail - 1];
            int c = ValueComparator.compare(partition.column(last, valueColumn), WindowPartition.pos(last), v, pos, physical);
            // MIN keeps strictly increasing values: drop tails >= the new value (MAX: <=)
            if (max ? c <= 0 : c >= 0) {
                tail--;
            }
            else {
                break;
            }
        }
        deque[tail++] = row;
    }

    @Override
    void close()
    {
        memory.release(deque.length * 4L);
        deque = new int[0];
    }
}
