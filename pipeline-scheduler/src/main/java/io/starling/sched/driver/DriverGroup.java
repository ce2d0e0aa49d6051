package io.starling.sched.driver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * All drivers of one fragment instance of a query: the unit of cancellation and of completion.
 *
 * <p>{@link #done()} completes once every registered driver reached a terminal state (so every operator is
 * closed by then): normally if all FINISHED, otherwise exceptionally with the first cause recorded, either the
 * first driver failure or the cause given to {@link #cancel}. The first failure cancels the other drivers.
 * Register all drivers before submitting any of them.
 */
public final class DriverGroup
{
    private final String name;
    private final List<Driver> drivers = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicReference<Throwable> firstCause = new AtomicReference<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean sealed;

    public DriverGroup(String name)
    {
        this.name = name;
    }

    public String name()
    {
        return name;
    }

    /** Adds a driver; called by the {@link Driver} constructor. */
    void register(Driver driver)
    {
        if (sealed) {
            throw new IllegalStateException("driver group " + name + " already finished or cancelled");
        }
        drivers.add(driver);
        running.incrementAndGet();
        // a driver registered after cancel() took its snapshot of the list must still stop: cancel() sets the cause
        // before reading the list, this adds to the list before reading the cause
        if (firstCause.get() != null) {
            driver.markCancelRequested();
        }
    }

    public List<Driver> drivers()
    {
        return List.copyOf(drivers);
    }

    /**
     * Cancels every driver: queued ones are dropped from the run queue and closed at once (on the calling thread),
     * parked ones are closed by a worker soon after, running ones at their next operator call. The first cause wins; later calls only make sure every driver is told. Idempotent.
     */
    public void cancel(Throwable cause)
    {
        firstCause.compareAndSet(null, cause);
        for (Driver d : drivers) {
            d.requestCancel();
        }
    }

    /**
     * Time all drivers of the group have run so far: picks the run-queue level of its drivers (a query that has
     * used more CPU sinks to lower-priority levels).
     */
    public long cpuNanos()
    {
        return cpuNanos.get();
    }

    void addCpuNanos(long nanos)
    {
        cpuNanos.addAndGet(nanos);
    }

    /** Whether a failure or cancel was recorded. */
    public boolean isCancelled()
    {
        return firstCause.get() != null;
    }

    /** The first failure or cancel cause, or null. */
    public Throwable cause()
    {
        return firstCause.get();
    }

    void driverFailed(Throwable t)
    {
        cancel(t);
    }

    void driverTerminated()
    {
        if (running.decrementAndGet() == 0) {
            sealed = true;
            Throwable t = firstCause.get();
            if (t == null) {
                done.complete(null);
            }
            else {
                done.completeExceptionally(t);
            }
        }
    }

    /** Completes when every driver is terminal; see the class comment. */
    public CompletableFuture<Void> done()
    {
        return done;
    }
}
