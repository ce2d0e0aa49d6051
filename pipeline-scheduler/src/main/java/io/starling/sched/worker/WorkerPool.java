package io.starling.sched.worker;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.Step;
import io.starling.sched.queue.RunQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of platform worker threads, one per core by default, that run READY {@link Driver}s for at most
 * {@link #TIME_SLICE_NANOS} each (notes/jdk25-performance.md §4.2: platform threads, not virtual threads or the
 * common ForkJoinPool; they never block on a driver's behalf).
 *
 * <p>Idle workers register in {@link #idle} and park; {@link #enqueue} unparks one. The park has a timeout
 * ({@link #IDLE_PARK_NANOS}) so that a lost wake-up (a driver enqueued between a worker's last poll and its
 * registration) costs at most that long. Pinning to cores is not done yet (CpuTopology/Affinity come later).
 */
public final class WorkerPool implements AutoCloseable
{
    /**
     * Longest time a driver runs before it yields: StarRocks' {@code pipeline_yield_max_time_spent} is 100 ms;
     * long enough that the re-queue cost (~1 µs) is noise, short enough that a short query waiting behind a
     * long scan starts within a tenth of a second on a busy machine.
     */
    public static final long TIME_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Safety net for lost wake-ups of idle workers; see the class comment. 1 ms costs nothing measurable when idle. */
    public static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final RunQueue queue;
    private final Thread[] threads;
    private final long timeSliceNanos;
    private final ConcurrentLinkedQueue<Thread> idle = new ConcurrentLinkedQueue<>();
    private final AtomicLong dispatched = new AtomicLong();
    private volatile boolean shutdown;

    /** One worker per available processor. */
    public static WorkerPool create(String name)
    {
        return new WorkerPool(name, Runtime.getRuntime().availableProcessors(), TIME_SLICE_NANOS);
    }

    public WorkerPool(String name, int workers)
    {
        this(name, workers, TIME_SLICE_NANOS);
    }

    /** {@code timeSliceNanos} is configurable for tests that exercise yielding. */
    public WorkerPool(String name, int workers, long timeSliceNanos)
    {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.name = name;
        this.queue = new RunQueue(workers);
        this.timeSliceNanos = timeSliceNanos;
        this.threads = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            int index = i;
            threads[i] = Thread.ofPlatform().name(name + "-" + i).daemon(true).unstarted(() -> runWorker(index));
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    public int workerCount()
    {
        return threads.length;
    }

    /** Hands a NEW driver to the pool. */
    public void submit(Driver driver)
    {
        if (shutdown) {
            throw new IllegalStateException("worker pool " + name + " is shut down");
        }
        if (driver.markSubmitted(this::enqueue)) {
            enqueue(driver);
        }
    }

    /** Submits several drivers. */
    public void submitAll(List<Driver> drivers)
    {
        for (Driver d : drivers) {
            submit(d);
        }
    }

    private void enqueue(Driver driver)
    {
        queue.offerGlobal(driver);
        Thread t = idle.poll();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void runWorker(int index)
    {
        Thread self = Thread.currentThread();
        while (!shutdown) {
            Driver d = queue.poll(index);
            if (d == null) {
                idle.offer(self);
                if (queue.isEmpty() && !shutdown) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                idle.remove(self);
                continue;
            }
            runOne(index, d);
        }
    }

    private void runOne(int index, Driver d)
    {
        if (!d.markRunning()) {
            return;
        }
        dispatched.incrementAndGet();
        Step step = d.runSlice(System.nanoTime() + timeSliceNanos);
        switch (step.kind()) {
            case YIELD -> {
                d.markYielded();
                queue.offerLocal(index, d);
            }
            case BLOCKED -> d.park(step.blockedOn());
            case FINISHED -> {
                // terminal: the driver closed itself and told its group
            }
        }
    }

    /** Driver time slices started so far. */
    public long dispatched()
    {
        return dispatched.get();
    }

    /** Drivers stolen from a peer's deque so far. */
    public long steals()
    {
        return queue.steals();
    }

    /**
     * Stops the workers after their current slice. Drivers still queued or parked are not run again; callers cancel
     * their driver groups first.
     */
    @Override
    public void close()
    {
        shutdown = true;
        List<Thread> all = new ArrayList<>(List.of(threads));
        for (Thread t : all) {
            LockSupport.unpark(t);
        }
        for (Thread t : all) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
