package io.starling.sched.morsel;

import io.starling.sched.topology.CpuTopology;
import io.starling.sched.worker.WorkerThread;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Morsels of one scan, shared by the scan drivers of its pipeline: each driver {@link #next() takes} a morsel when
 * it has finished the previous one, so work balances itself across drivers without being fixed at plan time
 * (Leis et al., "Morsel-driven parallelism", SIGMOD 2014). Lock-free.
 *
 * <p>NUMA: one queue per node. A morsel goes to its {@link Morsel#node()}, or, without a preference, to node
 * {@code tabletId mod nodes} (tablets are the unit that is read and cached together; spreading them keeps every
 * node's workers busy on their own share). {@link #next()} serves the calling worker's node first
 * ({@link WorkerThread#currentNumaNode()}) and steals from the other nodes, nearest index first, only when its own
 * queue is empty; a thread that is not a pool worker starts at node 0. On a one-node machine this is exactly the
 * old single queue.
 */
public final class MorselQueue
{
    private final ConcurrentLinkedQueue<Morsel>[] perNode;
    private final int total;
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger remote = new AtomicInteger();

    /** Morsels placed on the machine's NUMA nodes ({@link CpuTopology#system()}). */
    public MorselQueue(List<Morsel> morsels)
    {
        this(morsels, CpuTopology.system().nodeCount());
    }

    /** Morsels placed on {@code nodes} nodes (tests pass a made-up node count). */
    @SuppressWarnings("unchecked")
    public MorselQueue(List<Morsel> morsels, int nodes)
    {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, got " + nodes);
        }
        this.perNode = new ConcurrentLinkedQueue[nodes];
        for (int n = 0; n < nodes; n++) {
            perNode[n] = new ConcurrentLinkedQueue<>();
        }
        for (Morsel m : morsels) {
            perNode[homeNode(m, nodes)].add(m);
        }
        this.total = morsels.size();
    }

    private static int homeNode(Morsel m, int nodes)
    {
        if (m.node() >= 0) {
            return m.node() % nodes;
        }
        return (int) Math.floorMod(m.tabletId(), (long) nodes);
    }

    /** The next morsel for the calling thread's node (stealing from other nodes), or null when all were handed out. */
    public Morsel next()
    {
        return next(WorkerThread.currentNumaNode());
    }

    /** The next morsel for a consumer on node {@code node} (-1: no node, start at 0), or null when none is left. */
    public Morsel next(int node)
    {
        int nodes = perNode.length;
        int home = node < 0 ? 0 : node % nodes;
        Morsel m = perNode[home].poll();
        if (m == null) {
            for (int k = 1; k < nodes && m == null; k++) {
                m = perNode[(home + k) % nodes].poll();
            }
            if (m != null && node >= 0) {
                remote.incrementAndGet();
            }
        }
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

    /** Morsels a worker took from another node's queue (its own was empty). */
    public int remoteTaken()
    {
        return remote.get();
    }

    public int total()
    {
        return total;
    }

    /** Number of per-node queues. */
    public int nodes()
    {
        return perNode.length;
    }

    /** Morsels still queued for node {@code node} (a racy snapshot). */
    public int remaining(int node)
    {
        return perNode[node].size();
    }

    /** Whether every morsel was handed out (the consumers may still be reading the last ones). */
    public boolean isExhausted()
    {
        for (ConcurrentLinkedQueue<Morsel> q : perNode) {
            if (!q.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
