package io.starling.sched.driver;

import io.starling.storage.batch.ColumnBatch;

import java.util.concurrent.CompletableFuture;

/**
 * What an {@link OperatorChain} drives: the non-blocking push/pull operator contract of DESIGN.md §6, as the
 * scheduler sees it. Engine operators ({@code io.starling.exec.operator}) are wrapped by a one-class adapter in
 * the backend; scan and sink operators of the backend implement it directly.
 *
 * <p>Ownership: {@link #push} hands the batch to the operator (it closes it when done); {@link #pull} hands the
 * returned batch to the caller. A source operator never needs input; a sink operator never produces output.
 * Only one thread calls an operator at a time.
 */
public interface PipelineOperator extends AutoCloseable
{
    /** Name for profiles, e.g. {@code FILTER (id=3)}. */
    String name();

    /** Whether {@link #push} may be called now. */
    boolean needsInput();

    /** Consumes a batch (ownership transfers). Only when {@link #needsInput()}. */
    void push(ColumnBatch batch);

    /** A produced batch (ownership transfers), or null if none is ready now. */
    ColumnBatch pull();

    /** No more input will come; the operator may now emit what it buffered. */
    void finish();

    /** No more output will ever come (for a sink: everything was consumed and written). */
    boolean isFinished();

    /**
     * A future to park the driver on when the operator can neither take input nor give output for an external
     * reason (output queue full, shared build not ready); null or a completed future when not blocked.
     */
    default CompletableFuture<?> blockedOn()
    {
        return null;
    }

    /** Releases memory; called once, also after failure or cancel. */
    @Override
    void close();
}
