package io.starling.sched.driver;

/**
 * What a submitted {@link Driver} needs from the pool that runs it: a way back onto a run queue after a wake-up,
 * and a way off it when its group is cancelled. Implemented by {@code WorkerPool}.
 */
public interface DriverScheduler
{
    /** Puts a READY driver (just woken, or cancelled while parked) back on a run queue. Any thread. */
    void requeue(Driver driver);

    /**
     * Removes a READY driver from its run queue if it is there; true means no worker will take it and the caller
     * owns it. False when it is not queued (already taken, or between its state change and its enqueue).
     */
    boolean dequeue(Driver driver);
}
