package io.starling.sched.queue;

import io.starling.sched.driver.Driver;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * READY drivers waiting for a worker: one FIFO deque per worker plus a global FIFO queue, with work stealing.
 *
 * <ul>
 *   <li>A driver that yields after its time slice goes to the tail of its own worker's deque, so its operators'
 *       state stays in that core's caches (morsel-driven locality, notes/jdk25-performance.md §4.1 point 4).</li>
 *   <li>Drivers submitted from outside (new fragments) or woken by a future completion go to the global queue:
 *       the completing thread is usually not a worker.</li>
 *   <li>A worker takes from the head of its deque, then the global queue, then steals from the tail of a peer's
 *       deque (the driver that waited least there, so the victim keeps its oldest, FIFO, work).</li>
 * </ul>
 * Lock-free; the caller ({@code WorkerPool}) handles sleeping and waking idle workers. A multi-level feedback
 * queue (StarRocks {@code pipeline_driver_queue.h}) that demotes long-running queries is the planned next step;
 * with one level, fairness between queries comes from the time slice only.
 */
public final class RunQueue
{
    private final ConcurrentLinkedQueue<Driver> global = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Driver>[] locals;
    private final AtomicLong steals = new AtomicLong();

    @SuppressWarnings("unchecked")
    public RunQueue(int workers)
    {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        locals = new ConcurrentLinkedDeque[workers];
        for (int i = 0; i < workers; i++) {
            locals[i] = new ConcurrentLinkedDeque<>();
        }
    }

    /** Enqueues on the global queue (any thread). */
    public void offerGlobal(Driver driver)
    {
        global.offer(driver);
    }

    /** Enqueues on worker {@code worker}'s own deque (called by that worker). */
    public void offerLocal(int worker, Driver driver)
    {
        locals[worker].offerLast(driver);
    }

    /** Next driver for worker {@code worker}: own deque, then global, then stealing; null if all are empty. */
    public Driver poll(int worker)
    {
        Driver d = locals[worker].pollFirst();
        if (d != null) {
            return d;
        }
        d = global.poll();
        if (d != null) {
            return d;
        }
        int n = locals.length;
        for (int k = 1; k < n; k++) {
            d = locals[(worker + k) % n].pollLast();
            if (d != null) {
                steals.incrementAndGet();
                return d;
            }
        }
        return null;
    }

    /** Whether any queue holds a driver (a racy snapshot, used before a worker parks). */
    public boolean isEmpty()
    {
        if (!global.isEmpty()) {
            return false;
        }
        for (ConcurrentLinkedDeque<Driver> q : locals) {
            if (!q.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Drivers taken from a peer's deque so far. */
    public long steals()
    {
        return steals.get();
    }
}
