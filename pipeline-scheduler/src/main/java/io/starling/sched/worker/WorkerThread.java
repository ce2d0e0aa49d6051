package io.starling.sched.worker;

import io.starling.sched.driver.Driver;

/**
 * A {@link WorkerPool} thread: knows its index, the CPU it is pinned to (or -1) and its NUMA node, and which driver
 * it runs. A subclass rather than a {@code ThreadLocal} so that code on the hot path (a morsel queue choosing the
 * local node, an operator checking for cancel inside a long call) pays one {@code instanceof} and a field read
 * (notes/jdk25-performance.md §4.2: no ThreadLocal lookups in loops).
 */
public final class WorkerThread extends Thread
{
    private final int index;
    private final int numaNode;
    private volatile int pinnedCpu = -1;
    private volatile Driver current;

    WorkerThread(String name, int index, int numaNode, Runnable body)
    {
        super(null, body, name, 0, false);
        this.index = index;
        this.numaNode = numaNode;
        setDaemon(true);
    }

    /** The calling thread as a worker, or null when it is not a pool worker. */
    public static WorkerThread current()
    {
        return Thread.currentThread() instanceof WorkerThread w ? w : null;
    }

    /** Dense NUMA node index of the calling worker, or -1 when the caller is not a pool worker. */
    public static int currentNumaNode()
    {
        return Thread.currentThread() instanceof WorkerThread w ? w.numaNode : -1;
    }

    /**
     * Whether the driver the calling worker runs was cancelled. For operators whose single call can run long (a
     * join probe with a huge fan-out): check it every few thousand rows and return early; the driver then stops
     * at once. False on non-worker threads.
     */
    public static boolean isCurrentDriverCancelled()
    {
        if (Thread.currentThread() instanceof WorkerThread w) {
            Driver d = w.current;
            return d != null && d.isCancelRequested();
        }
        return false;
    }

    /** Index of this worker in its pool. */
    public int index()
    {
        return index;
    }

    /** Dense NUMA node index (see {@code CpuTopology.nodeIndexOfCpu}). */
    public int numaNode()
    {
        return numaNode;
    }

    /** CPU this worker is pinned to, -1 when unpinned. */
    public int pinnedCpu()
    {
        return pinnedCpu;
    }

    void setPinnedCpu(int cpu)
    {
        this.pinnedCpu = cpu;
    }

    /** The driver running on this worker now, or null. */
    public Driver currentDriver()
    {
        return current;
    }

    void setCurrentDriver(Driver d)
    {
        this.current = d;
    }
}
