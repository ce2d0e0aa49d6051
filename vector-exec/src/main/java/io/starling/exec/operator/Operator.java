package io.starling.exec.operator;

import io.starling.storage.batch.ColumnBatch;

/**
 * The non-blocking operator contract (Trino {@code Operator}, DuckDB {@code PhysicalOperator}, StarRocks
 * {@code need_input/push_chunk/pull_chunk}). A driver moves batches between adjacent operators:
 * <pre>
 *   while (!op.isFinished()) {
 *       if (op.blockedOn() is not done) park;
 *       out = op.pull(); if (out != null) hand to the next operator;
 *       else if (op.needsInput() &amp;&amp; upstream has a batch) op.push(batch);
 *       else if (upstream finished) op.finish();
 *   }
 * </pre>
 *
 * <p>Ownership: {@link #push} transfers the batch to the operator, which closes it (or passes it on) —
 * the caller must not touch it afterwards; a batch returned by {@link #pull} belongs to the caller, who
 * closes it or pushes it on. Batches may carry a selection vector; operators honour it. {@link #close()}
 * releases everything the operator still holds (its state and any batch not yet pulled) and is safe to call
 * at any point, also after a failure.
 *
 * <p>An operator never blocks a thread: when it waits (for a join build, a buffer, I/O) it says so through
 * {@link #blockedOn()} and {@link #needsInput()}/{@link #pull()} report no progress until the future completes.
 * Operator objects are per driver; state shared across drivers lives in an explicit shared object (for
 * example {@link io.starling.exec.hash.JoinHashTable}).
 */
public interface Operator
        extends AutoCloseable
{
    /** True if {@link #push} may be called now. False while output is pending, after finish, or while blocked. */
    boolean needsInput();

    /** Hands a batch (ownership included) to the operator. Only valid when {@link #needsInput()} is true. */
    void push(ColumnBatch batch);

    /** The next output batch (now owned by the caller), or null if none is ready yet. */
    ColumnBatch pull();

    /** No more input will come; blocking operators start emitting. Idempotent. */
    void finish();

    /** True when the operator will produce no more output (all output pulled). */
    boolean isFinished();

    /** What the operator waits for, or {@link BlockedFuture#NOT_BLOCKED}. */
    default BlockedFuture blockedOn()
    {
        return BlockedFuture.NOT_BLOCKED;
    }

    /** Releases state and unpulled batches; never throws for an operator in an inconsistent state. */
    @Override
    void close();
}
