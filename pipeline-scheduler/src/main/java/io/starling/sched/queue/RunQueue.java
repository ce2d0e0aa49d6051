package io.starling.sched.queue;

import io.starling.sched.driver.Driver;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * READY drivers waiting for a worker: a multi-level feedback queue (StarRocks' {@code QuerySharedDriverQueue},
 * {@code be/src/exec/pipeline/pipeline_driver_queue.h}) whose every level is split into per-worker deques plus a
 * global FIFO, with work stealing.
 *
 * <h2>Levels (fairness between queries)</h2>
 * A driver is queued on the level given by the CPU time its {@link io.starling.sched.driver.DriverGroup} (one
 * fragment of a query) has used so far: level {@code i} holds groups below {@link #levelThresholdNanos(int)}
 * = base × (i+1)(i+2)/2, i.e. 0.2 s, 0.6 s, 1.2 s, 2 s, 3 s, 4.2 s, 5.6 s and beyond with StarRocks' base of
 * 0.2 s; so a long query sinks while a new one starts at the top. Each level accumulates the time its drivers ran
 * ({@link #charge}); a worker serves the non-empty level with the smallest accumulated time divided by the level's
 * factor {@code 1.2^(LEVELS-1-i)}: when levels compete, level 0 gets 1.2^7 ≈ 3.6 times the CPU share of level 7,
 * and no level starves. A level that was empty rejoins the competition close to the busiest levels (its time is
 * lifted to the smallest normalized time of the non-empty levels minus {@link #catchUpCreditNanos()}), the
 * equivalent of CFS' min_vruntime: a short query gets up to that much strict priority over long ones, and a level
 * that slept for an hour does not then monopolize the workers for an hour.
 *
 * <h2>Locality and stealing within a level</h2>
 * <ul>
 *   <li>A driver that yields after its time slice goes to the tail of its own worker's deque of its level, so its
 *       operators' state stays in that core's caches (notes/jdk25-performance.md §4.1 point 4).</li>
 *   <li>Drivers submitted from outside (new fragments) or woken by a future go to the level's global FIFO: the
 *       completing thread is usually not a worker.</li>
 *   <li>For the chosen level a worker takes from the head of its deque, then the global queue, then steals from the
 *       tail of a peer's deque (the driver that waited least there, so the victim keeps its oldest work).</li>
 * </ul>
 * Lock-free (per-level counters pick the level; a lost race on a level just moves on to the next best one); the
 * caller ({@code WorkerPool}) sleeps and wakes idle workers. {@link #remove} drops a queued driver (cancel).
 */
public final class RunQueue
{
    /** Number of levels: StarRocks' {@code QUEUE_SIZE}. */
    public static final int LEVELS = 8;

    /** CPU share ratio between adjacent levels: StarRocks' {@code RATIO_OF_ADJACENT_QUEUE}. */
    public static final double RATIO_OF_ADJACENT_LEVELS = 1.2;

    /** StarRocks' {@code LEVEL_TIME_SLICE_BASE_NS}: level i's range is (i+1) × this wide. */
    public static final long LEVEL_TIME_SLICE_BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Level[] levels = new Level[LEVELS];
    private final long[] thresholds = new long[LEVELS];
    private final long catchUpCreditNanos;
    private final int workers;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong steals = new AtomicLong();

    /** One level: per-worker deques, a global FIFO, its accumulated run time and normalization factor. */
    private static final class Level
    {
        final ConcurrentLinkedQueue<Driver> global = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedDeque<Driver>[] locals;
        final AtomicInteger size = new AtomicInteger();
        final AtomicLong runNanos = new AtomicLong();
        final double factor;

        @SuppressWarnings("unchecked")
        Level(int workers, double factor)
        {
            this.factor = factor;
            this.locals = new ConcurrentLinkedDeque[workers];
            for (int i = 0; i < workers; i++) {
                locals[i] = new ConcurrentLinkedDeque<>();
            }
        }

        double normalized()
        {
            return runNanos.get() / factor;
        }
    }

    /** StarRocks' level widths (base 200 ms). */
    public RunQueue(int workers)
    {
        this(workers, LEVEL_TIME_SLICE_BASE_NANOS);
    }

    /** {@code levelBaseNanos} scales every level boundary (tests use a few milliseconds). */
    public RunQueue(int workers, long levelBaseNanos)
    {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (levelBaseNanos <= 0) {
            throw new IllegalArgumentException("levelBaseNanos must be > 0, got " + levelBaseNanos);
        }
        this.workers = workers;
        double factor = 1;
        for (int i = LEVELS - 1; i >= 0; i--) {
            levels[i] = new Level(workers, factor);
            factor *= RATIO_OF_ADJACENT_LEVELS;
        }
        for (int i = 0; i < LEVELS; i++) {
            thresholds[i] = levelBaseNanos * (i + 1) * (i + 2) / 2;
        }
        // one base slice per level: how far a re-activated level may lag behind the others
        this.catchUpCreditNanos = levelBaseNanos * LEVELS;
    }

    /** Cumulative group CPU time at which a group leaves level {@code level} for the next one. */
    public long levelThresholdNanos(int level)
    {
        return thresholds[level];
    }

    /** See the class comment. */
    public long catchUpCreditNanos()
    {
        return catchUpCreditNanos;
    }

    /** The level for a group that has used {@code groupCpuNanos} so far. */
    public int levelOf(long groupCpuNanos)
    {
        for (int i = 0; i < LEVELS - 1; i++) {
            if (groupCpuNanos < thresholds[i]) {
                return i;
            }
        }
        return LEVELS - 1;
    }

    /** Enqueues on the global queue of the driver's level (any thread). */
    public void offerGlobal(Driver driver)
    {
        int l = enter(driver);
        levels[l].global.offer(driver);
    }

    /** Enqueues on worker {@code worker}'s own deque of the driver's level (called by that worker). */
    public void offerLocal(int worker, Driver driver)
    {
        int l = enter(driver);
        levels[l].locals[worker].offerLast(driver);
    }

    /**
     * Counts the driver in before it becomes visible, so a concurrent {@link #poll} never sees a negative size
     * (a positive size with the driver not yet visible only costs that poll a retry).
     */
    private int enter(Driver driver)
    {
        int l = levelOf(driver.group().cpuNanos());
        driver.setQueueLevel(l);
        Level level = levels[l];
        if (level.size.getAndIncrement() == 0) {
            catchUp(l);
        }
        size.incrementAndGet();
        return l;
    }

    /** Lifts a level that just became non-empty to within the credit of the least-served busy level. */
    private void catchUp(int l)
    {
        double minOther = Double.POSITIVE_INFINITY;
        for (int i = 0; i < LEVELS; i++) {
            if (i != l && levels[i].size.get() > 0) {
                minOther = Math.min(minOther, levels[i].normalized());
            }
        }
        if (minOther == Double.POSITIVE_INFINITY) {
            return;
        }
        Level level = levels[l];
        long floor = (long) ((minOther - catchUpCreditNanos) * level.factor);
        level.runNanos.accumulateAndGet(floor, Math::max);
    }

    /**
     * Next driver for worker {@code worker}: from the non-empty level with the least normalized run time, its own
     * deque first, then the level's global queue, then stealing; null if all are empty.
     */
    public Driver poll(int worker)
    {
        if (size.get() <= 0) {
            return null;
        }
        int tried = 0;
        for (int attempt = 0; attempt < LEVELS; attempt++) {
            int best = -1;
            double bestNorm = Double.POSITIVE_INFINITY;
            for (int i = 0; i < LEVELS; i++) {
                if ((tried & (1 << i)) == 0 && levels[i].size.get() > 0) {
                    double n = levels[i].normalized();
                    if (n < bestNorm) {
                        bestNorm = n;
                        best = i;
                    }
                }
            }
            if (best < 0) {
                return null;
            }
            Driver d = take(levels[best], worker);
            if (d != null) {
                levels[best].size.decrementAndGet();
                size.decrementAndGet();
                return d;
            }
            tried |= 1 << best;
        }
        return null;
    }

    private Driver take(Level level, int worker)
    {
        Driver d = level.locals[worker].pollFirst();
        if (d != null) {
            return d;
        }
        d = level.global.poll();
        if (d != null) {
            return d;
        }
        for (int k = 1; k < workers; k++) {
            d = level.locals[(worker + k) % workers].pollLast();
            if (d != null) {
                steals.incrementAndGet();
                return d;
            }
        }
        return null;
    }

    /**
     * Adds {@code nanos} of run time to level {@code level} (the level the driver was taken from), after its slice.
     */
    public void charge(int level, long nanos)
    {
        levels[level].runNanos.addAndGet(nanos);
    }

    /**
     * Removes {@code driver} if it is queued (a cancel drops it at once instead of waiting for a worker to take it).
     * True means the caller now owns the driver: no worker can take it any more. Linear in the level's length; only
     * used on cancel.
     */
    public boolean remove(Driver driver)
    {
        int l = driver.queueLevel();
        if (l < 0) {
            return false;
        }
        Level level = levels[l];
        boolean removed = level.global.remove(driver);
        for (int w = 0; !removed && w < workers; w++) {
            removed = level.locals[w].remove(driver);
        }
        if (removed) {
            level.size.decrementAndGet();
            size.decrementAndGet();
        }
        return removed;
    }

    /** Whether any queue holds a driver (a racy snapshot, used before a worker parks). */
    public boolean isEmpty()
    {
        return size.get() <= 0;
    }

    /** Queued drivers (a racy snapshot). */
    public int size()
    {
        return Math.max(0, size.get());
    }

    /** Queued drivers on one level (a racy snapshot; for tests and profiles). */
    public int size(int level)
    {
        return Math.max(0, levels[level].size.get());
    }

    /** Accumulated run time of a level, in nanoseconds (including catch-up lifts). */
    public long levelRunNanos(int level)
    {
        return levels[level].runNanos.get();
    }

    /** Drivers taken from a peer's deque so far. */
    public long steals()
    {
        return steals.get();
    }
}
