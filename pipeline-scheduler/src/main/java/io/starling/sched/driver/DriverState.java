package io.starling.sched.driver;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a {@link Driver} (StarRocks {@code DriverState}, reduced to what the first scheduler needs).
 * Every transition goes through {@link Driver}'s single CAS-based transition method, which checks it against
 * {@link #canMoveTo(DriverState)}.
 *
 * <pre>
 *   NEW ──submit──▶ READY ──worker picks──▶ RUNNING ──slice used──▶ READY
 *                     ▲                        │ ├──operator blocked──▶ BLOCKED ──future done / cancel──▶ READY
 *                     └────────────────────────┘ ├──chain finished──▶ FINISHED
 *                                                ├──exception──────▶ FAILED
 *                                                └──cancel seen────▶ CANCELLED
 * </pre>
 */
public enum DriverState
{
    /** Built but not handed to a pool yet. Left by {@code WorkerPool.submit} (to READY) or a cancel (to CANCELLED). */
    NEW,
    /** Waiting in a run queue. Entered on submit, yield or wake-up; left when a worker takes it (RUNNING). */
    READY,
    /** Executing on exactly one worker thread. Left by that worker only, when the driver returns from a time slice. */
    RUNNING,
    /**
     * Parked on an operator's future (no input, output full, build side not ready). No thread waits: the future's
     * completion callback (or a cancel) moves it back to READY.
     */
    BLOCKED,
    /** Terminal: the sink operator finished; operators are closed. */
    FINISHED,
    /** Terminal: an operator threw; operators are closed and the driver's group is failed. */
    FAILED,
    /** Terminal: the driver's group was cancelled; operators are closed. */
    CANCELLED;

    private static final Set<DriverState> FROM_NEW = EnumSet.of(READY, CANCELLED);
    private static final Set<DriverState> FROM_READY = EnumSet.of(RUNNING);
    private static final Set<DriverState> FROM_RUNNING = EnumSet.of(READY, BLOCKED, FINISHED, FAILED, CANCELLED);
    private static final Set<DriverState> FROM_BLOCKED = EnumSet.of(READY);

    /** Whether the state machine allows {@code this -> next}. */
    public boolean canMoveTo(DriverState next)
    {
        return switch (this) {
            case NEW -> FROM_NEW.contains(next);
            case READY -> FROM_READY.contains(next);
            case RUNNING -> FROM_RUNNING.contains(next);
            case BLOCKED -> FROM_BLOCKED.contains(next);
            case FINISHED, FAILED, CANCELLED -> false;
        };
    }

    /** FINISHED, FAILED or CANCELLED. */
    public boolean isTerminal()
    {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
