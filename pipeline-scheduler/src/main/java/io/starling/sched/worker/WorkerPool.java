package io.starling.sched.worker;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverScheduler;
import io.starling.sched.driver.Step;
import io.starling.sched.queue.RunQueue;
import io.starling.sched.topology.Affinity;
import io.starling.sched.topology.CpuTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of platform worker threads, one per core by default, each pinned to its own CPU, that run READY
 * {@link Driver}s for at most {@link #TIME_SLICE_NANOS} each, taken from a multi-level feedback {@link RunQueue}
 * (notes/jdk25-performance.md §4.2: platform threads, not virtual threads or the common ForkJoinPool; they never
 * block on a driver's behalf: a driver that cannot proceed parks on a future and its completion re-queues it).
 *
 * <p>Pinning: worker i is pinned with {@code sched_setaffinity} to the i-th CPU of
 * {@link CpuTopology#planWorkerCpus} (one per physical core first, NUMA nodes interleaved) and knows its NUMA node,
 * which morsel queues use to hand out local morsels first. When pinning is impossible (not Linux, native access
 * denied, a cpuset that refuses the CPU, more workers than CPUs) or disabled ({@code -Dstarling.sched.pin=false},
 * {@link Options#pin}), the pool logs the reason once per JVM and runs unpinned; the NUMA node then stays a
 * placement hint.
 *
 * <p>Idle workers register in {@link #idle} and park; {@link #enqueue} unparks one. The park has a timeout
 * ({@link #IDLE_PARK_NANOS}) so that a lost wake-up (a driver enqueued between a worker's last poll and its
 * registration) costs at most that long.
 */
public final class WorkerPool implements AutoCloseable, DriverScheduler
{
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    /**
     * Longest time a driver runs before it yields: StarRocks' {@code pipeline_yield_max_time_spent} is 100 ms;
     * long enough that the re-queue cost (~1 µs) is noise, short enough that a short query waiting behind a
     * long scan starts within a tenth of a second on a busy machine.
     */
    public static final long TIME_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Safety net for lost wake-ups of idle workers; see the class comment. 1 ms costs nothing measurable when idle. */
    public static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** System property that turns pinning off ({@code false}); on by default. */
    public static final String PIN_PROPERTY = "starling.sched.pin";

    /** "Running unpinned" is worth one line per JVM, not one per pool (tests and benchmarks create many pools). */
    private static final AtomicBoolean UNPINNED_LOGGED = new AtomicBoolean();

    /**
     * Pool settings. {@code topology} null means the machine's ({@link CpuTopology#system()});
     * {@code levelBaseNanos} scales the run queue's level boundaries ({@link RunQueue#LEVEL_TIME_SLICE_BASE_NANOS}).
     */
    public record Options(int workers, long timeSliceNanos, long levelBaseNanos, boolean pin, CpuTopology topology)
    {
        public Options
        {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
        }

        /** {@code workers} workers, 100 ms slices, StarRocks' levels, pinning unless the system property says no. */
        public static Options defaults(int workers)
        {
            return new Options(workers, TIME_SLICE_NANOS, RunQueue.LEVEL_TIME_SLICE_BASE_NANOS,
                    Boolean.parseBoolean(System.getProperty(PIN_PROPERTY, "true")), null);
        }

        public Options withTimeSlice(long nanos)
        {
            return new Options(workers, nanos, levelBaseNanos, pin, topology);
        }

        public Options withLevelBase(long nanos)
        {
            return new Options(workers, timeSliceNanos, nanos, pin, topology);
        }

        public Options withPin(boolean on)
        {
            return new Options(workers, timeSliceNanos, levelBaseNanos, on, topology);
        }

        public Options withTopology(CpuTopology t)
        {
            return new Options(workers, timeSliceNanos, levelBaseNanos, pin, t);
        }
    }

    private final String name;
    private final RunQueue queue;
    private final WorkerThread[] threads;
    private final long timeSliceNanos;
    private final CpuTopology topology;
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
        this(name, Options.defaults(workers).withTimeSlice(timeSliceNanos));
    }

    public WorkerPool(String name, Options options)
    {
        this.name = name;
        this.topology = options.topology() != null ? options.topology() : CpuTopology.system();
        this.queue = new RunQueue(options.workers(), options.levelBaseNanos());
        this.timeSliceNanos = options.timeSliceNanos();
        int workers = options.workers();
        int[] plan = topology.planWorkerCpus(workers);
        String pinBlocker = !options.pin() ? "disabled (-D" + PIN_PROPERTY + "=false or options)"
                : workers > topology.cpuCount() ? workers + " workers for " + topology.cpuCount() + " CPUs"
                : Affinity.unsupportedReason();
        // the real machine's CPU ids only: a synthetic topology (tests) names CPUs that may not exist here
        boolean tryPin = pinBlocker == null && options.topology() == null;
        if (pinBlocker == null && !tryPin) {
            pinBlocker = "topology given explicitly (" + topology.source() + ")";
        }
        CountDownLatch pinned = new CountDownLatch(workers);
        String[] pinErrors = new String[workers];
        this.threads = new WorkerThread[workers];
        for (int i = 0; i < workers; i++) {
            int index = i;
            int cpu = plan[i];
            threads[i] = new WorkerThread(name + "-" + i, i, topology.nodeIndexOfCpu(cpu), () -> {
                if (tryPin) {
                    String err = Affinity.pinCurrentThread(cpu);
                    if (err == null) {
                        threads[index].setPinnedCpu(cpu);
                    }
                    pinErrors[index] = err;
                }
                pinned.countDown();
                runWorker(index);
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        awaitPinning(pinned);
        String firstError = pinBlocker;
        for (String e : pinErrors) {
            if (firstError == null && e != null) {
                firstError = e;
            }
        }
        if (firstError == null) {
            LOG.info("worker pool {}: {} workers pinned to CPUs {} ({})", name, workers, Arrays.toString(plan), topology);
        }
        else if (UNPINNED_LOGGED.compareAndSet(false, true)) {
            LOG.info("worker pool {}: running unpinned ({}); topology {}", name, firstError, topology);
        }
    }

    private static void awaitPinning(CountDownLatch pinned)
    {
        try {
            // pinning is one syscall per worker; the bound only guards against a wedged thread start
            pinned.await(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int workerCount()
    {
        return threads.length;
    }

    /** The topology the pool planned with. */
    public CpuTopology topology()
    {
        return topology;
    }

    /** CPU each worker is pinned to, -1 for an unpinned worker. */
    public int[] pinnedCpus()
    {
        int[] cpus = new int[threads.length];
        for (int i = 0; i < threads.length; i++) {
            cpus[i] = threads[i].pinnedCpu();
        }
        return cpus;
    }

    /** NUMA node index of each worker. */
    public int[] workerNodes()
    {
        int[] nodes = new int[threads.length];
        for (int i = 0; i < threads.length; i++) {
            nodes[i] = threads[i].numaNode();
        }
        return nodes;
    }

    /** The run queue (for tests and profiles). */
    public RunQueue runQueue()
    {
        return queue;
    }

    /** Hands a NEW driver to the pool. */
    public void submit(Driver driver)
    {
        if (shutdown) {
            throw new IllegalStateException("worker pool " + name + " is shut down");
        }
        if (driver.markSubmitted(this)) {
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

    @Override
    public void requeue(Driver driver)
    {
        enqueue(driver);
    }

    @Override
    public boolean dequeue(Driver driver)
    {
        return queue.remove(driver);
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
        WorkerThread self = threads[index];
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
            runOne(self, index, d);
        }
    }

    private void runOne(WorkerThread self, int index, Driver d)
    {
        int level = d.queueLevel();
        if (!d.markRunning()) {
            return;
        }
        dispatched.incrementAndGet();
        self.setCurrentDriver(d);
        Step step;
        try {
            step = d.runSlice(System.nanoTime() + timeSliceNanos);
        }
        finally {
            self.setCurrentDriver(null);
        }
        // charge before parking: once parked, a wake-up may hand the driver to another worker
        queue.charge(level, d.lastSliceNanos());
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
