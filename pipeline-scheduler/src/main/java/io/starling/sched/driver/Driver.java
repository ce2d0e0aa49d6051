package io.starling.sched.driver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One parallel instance of a pipeline: a {@link DriverBody} (normally an {@link OperatorChain}) plus its
 * {@link DriverState}. Workers run it cooperatively for at most one time slice at a time; a driver never blocks
 * its worker, it parks on a future instead and is re-queued by the future's completion.
 *
 * <p>Thread-safety: {@link #runSlice} is called by one worker at a time (guaranteed by the READY to RUNNING CAS);
 * {@link #requestCancel} and wake-ups may come from any thread. A cancel drops a queued driver from its run queue
 * and closes it on the cancelling thread (it owns the driver once the queue gave it up); a running driver sees the
 * flag between two operator calls ({@link DriverBody#attach}).
 */
public final class Driver
{
    private final String name;
    private final DriverBody body;
    private final DriverGroup group;
    private final AtomicReference<DriverState> state = new AtomicReference<>(DriverState.NEW);
    private volatile boolean cancelRequested;
    private volatile DriverScheduler scheduler;
    private volatile int queueLevel = -1;
    private long cpuNanos;
    private long lastSliceNanos;
    private long slices;
    private long blockedCount;

    /** Creates a driver in state NEW and registers it with {@code group}. */
    public Driver(String name, DriverBody body, DriverGroup group)
    {
        this.name = name;
        this.body = body;
        this.group = group;
        group.register(this);
        body.attach(this);
    }

    public String name()
    {
        return name;
    }

    public DriverState state()
    {
        return state.get();
    }

    public DriverGroup group()
    {
        return group;
    }

    public DriverBody body()
    {
        return body;
    }

    /** Nanoseconds spent in {@link #runSlice} so far (the group's sum picks its run-queue level). */
    public long cpuNanos()
    {
        return cpuNanos;
    }

    /** Nanoseconds the last {@link #runSlice} took (charged to the run-queue level it was taken from). */
    public long lastSliceNanos()
    {
        return lastSliceNanos;
    }

    /** Run-queue level the driver was last queued on, -1 before its first enqueue. Scheduler-internal. */
    public int queueLevel()
    {
        return queueLevel;
    }

    /** Set by the run queue right before the driver becomes visible on a level. Scheduler-internal. */
    public void setQueueLevel(int level)
    {
        this.queueLevel = level;
    }

    /** Number of time slices run. */
    public long slices()
    {
        return slices;
    }

    /** Number of times the driver parked on a future. */
    public long blockedCount()
    {
        return blockedCount;
    }

    /**
     * The one place a state changes; throws on an illegal transition (a scheduler bug), returns false if the
     * current state is not {@code from} (a benign race, e.g. two wake-ups).
     */
    boolean transition(DriverState from, DriverState to)
    {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("illegal driver transition " + from + " -> " + to + " for " + name);
        }
        return state.compareAndSet(from, to);
    }

    /**
     * NEW to READY; {@code scheduler} is how the driver puts itself back on a run queue after a wake-up or a
     * cancel while parked, and takes itself off on cancel. Called by the worker pool's submit. Returns false, and
     * the driver must not be queued, when it was cancelled before it was submitted (its group failed or was
     * cancelled while the fragment was still handing out drivers: that is a normal race, and the group already
     * knows the cause).
     */
    public boolean markSubmitted(DriverScheduler scheduler)
    {
        this.scheduler = scheduler;
        if (transition(DriverState.NEW, DriverState.READY)) {
            return true;
        }
        if (state.get() == DriverState.CANCELLED) {
            return false;
        }
        throw new IllegalStateException("driver " + name + " submitted twice (state " + state.get() + ")");
    }

    /** READY to RUNNING; false if someone else took it (never expected with the run queue). */
    public boolean markRunning()
    {
        return transition(DriverState.READY, DriverState.RUNNING);
    }

    /**
     * Runs one time slice on the calling worker. Must be RUNNING. Returns the outcome; on a terminal outcome
     * the driver has already closed its body, moved to its terminal state and told its group.
     */
    public Step runSlice(long deadlineNanos)
    {
        if (state.get() != DriverState.RUNNING) {
            throw new IllegalStateException("driver " + name + " is not RUNNING but " + state.get());
        }
        if (cancelRequested) {
            terminate(DriverState.CANCELLED, null);
            return Step.FINISHED;
        }
        long start = System.nanoTime();
        slices++;
        Step step;
        try {
            step = body.process(deadlineNanos);
        }
        catch (Throwable t) {
            account(System.nanoTime() - start);
            terminate(DriverState.FAILED, t);
            return Step.FINISHED;
        }
        account(System.nanoTime() - start);
        if (step.kind() == Step.Kind.FINISHED) {
            terminate(cancelRequested ? DriverState.CANCELLED : DriverState.FINISHED, null);
        }
        return step;
    }

    private void account(long nanos)
    {
        lastSliceNanos = nanos;
        cpuNanos += nanos;
        group.addCpuNanos(nanos);
    }

    /** RUNNING to READY after a used-up time slice; the caller re-queues the driver. */
    public void markYielded()
    {
        if (!transition(DriverState.RUNNING, DriverState.READY)) {
            throw new IllegalStateException("driver " + name + " yielded from " + state.get());
        }
    }

    /**
     * RUNNING to BLOCKED, then arranges to be re-queued when {@code future} completes. A cancel that raced with
     * parking is noticed here, so a parked driver never waits for a future that nobody will complete.
     */
    public void park(CompletableFuture<?> future)
    {
        if (!transition(DriverState.RUNNING, DriverState.BLOCKED)) {
            throw new IllegalStateException("driver " + name + " parked from " + state.get());
        }
        blockedCount++;
        future.whenComplete((r, t) -> wake());
        if (cancelRequested) {
            wake();
        }
    }

    /** BLOCKED to READY and back onto a run queue; a no-op unless BLOCKED (duplicate wake-ups are benign). */
    void wake()
    {
        if (state.get() == DriverState.BLOCKED && transition(DriverState.BLOCKED, DriverState.READY)) {
            scheduler.requeue(this);
        }
    }

    /**
     * Asks the driver to stop: a queued one is taken off its run queue and closed at once on the calling thread, a
     * parked one is re-queued so a worker closes it, a running one stops at its next operator call (the body checks
     * {@link #isCancelRequested()} between calls) or when its body returns, a NEW one is closed at once. A driver
     * caught in between (taken by a worker but not yet RUNNING, or READY but not yet queued) is closed by the
     * worker that runs it next: {@link #runSlice} checks the flag first.
     */
    public void requestCancel()
    {
        cancelRequested = true;
        DriverState s = state.get();
        if (s == DriverState.NEW) {
            if (transition(DriverState.NEW, DriverState.CANCELLED)) {
                closeBody();
                group.driverTerminated();
            }
            return;
        }
        DriverScheduler sch = scheduler;
        if (s == DriverState.READY && sch != null && sch.dequeue(this)) {
            // off the queue, so no worker can take it: READY -> RUNNING cannot lose a race here
            if (!transition(DriverState.READY, DriverState.RUNNING)) {
                throw new IllegalStateException("dequeued driver " + name + " is " + state.get());
            }
            terminate(DriverState.CANCELLED, null);
            return;
        }
        wake();
    }

    /** Sets the cancel flag only: the driver stops when a worker first runs it (used while it is being registered). */
    void markCancelRequested()
    {
        cancelRequested = true;
    }

    public boolean isCancelRequested()
    {
        return cancelRequested;
    }

    private void terminate(DriverState to, Throwable failure)
    {
        closeBody();
        if (failure != null) {
            group.driverFailed(failure);
        }
        if (!transition(DriverState.RUNNING, to)) {
            throw new IllegalStateException("driver " + name + " terminated from " + state.get());
        }
        group.driverTerminated();
    }

    private void closeBody()
    {
        try {
            body.close();
        }
        catch (Throwable t) {
            group.driverFailed(t);
        }
    }

    @Override
    public String toString()
    {
        return name + "[" + state.get() + "]";
    }
}
