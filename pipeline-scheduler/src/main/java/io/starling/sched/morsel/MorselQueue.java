package io.starling.sched.morsel;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Morsels of one scan, shared by the scan drivers of its pipeline: each driver {@link #next() takes} a morsel when
 * it has finished the previous one, so work balances itself across drivers without being fixed at plan time
 * (Leis et al., "Morsel-driven parallelism", SIGMOD 2014). Lock-free. A single queue per scan is enough on one
 * socket; per-NUMA-node queues with remote stealing come with the CpuTopology work.
 */
public final class MorselQueue
{
    private final ConcurrentLinkedQueue<Morsel> morsels;
    private final int total;
    private final AtomicInteger taken = new AtomicInteger();

    public MorselQueue(List<Morsel> morsels)
    {
        this.morsels = new ConcurrentLinkedQueue<>(morsels);
        this.total = morsels.size();
    }

    /** The next morsel, or null when all were handed out. */
    public Morsel next()
    {
        Morsel m = morsels.poll();
        if (m != null) {
            taken.incrementAndGet();
        }
        return m;
    }

    /** Morsels handed out so far. */
    public int taken()
    {
        return taken.get();
    }

    public int total()
    {
        return total;
    }

    /** Whether every morsel was handed out (the consumers may still be reading the last ones). */
    public boolean isExhausted()
    {
        return morsels.isEmpty();
    }
}
