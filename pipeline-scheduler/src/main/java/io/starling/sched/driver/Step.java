package io.starling.sched.driver;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link DriverBody} reports when it returns control to its worker: it used its time slice ({@link #YIELD}),
 * it is done ({@link #FINISHED}), or it cannot make progress until a future completes ({@link #blocked}).
 */
public record Step(Kind kind, CompletableFuture<?> blockedOn)
{
    /** Outcome kinds. */
    public enum Kind
    {
        YIELD, BLOCKED, FINISHED
    }

    public static final Step YIELD = new Step(Kind.YIELD, null);
    public static final Step FINISHED = new Step(Kind.FINISHED, null);

    public Step
    {
        if ((kind == Kind.BLOCKED) != (blockedOn != null)) {
            throw new IllegalArgumentException("a future is required exactly for BLOCKED");
        }
    }

    /** Blocked until {@code future} completes (normally or not). */
    public static Step blocked(CompletableFuture<?> future)
    {
        return new Step(Kind.BLOCKED, Objects.requireNonNull(future, "future"));
    }
}
