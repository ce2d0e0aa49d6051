package io.starling.exec.operator;

import java.util.concurrent.CompletableFuture;

/**
 * What an operator waits for when it cannot make progress (Trino {@code isBlocked()}): the driver parks the
 * pipeline and re-runs it when the future completes. Never waited on by a worker thread.
 */
public final class BlockedFuture
{
    /** The operator can run now. */
    public static final BlockedFuture NOT_BLOCKED = new BlockedFuture(CompletableFuture.completedFuture(null));

    private final CompletableFuture<Void> future;

    private BlockedFuture(CompletableFuture<Void> future)
    {
        this.future = future;
    }

    /** A new, not yet completed handle. */
    public static BlockedFuture create()
    {
        return new BlockedFuture(new CompletableFuture<>());
    }

    /** True when the operator is no longer blocked on this handle. */
    public boolean isDone()
    {
        return future.isDone();
    }

    /** Unblocks the waiters (idempotent). */
    public void complete()
    {
        future.complete(null);
    }

    /** The underlying future, for schedulers that register a wake-up callback. */
    public CompletableFuture<Void> future()
    {
        return future;
    }
}
