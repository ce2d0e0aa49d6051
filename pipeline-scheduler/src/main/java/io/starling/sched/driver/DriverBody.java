package io.starling.sched.driver;

/**
 * The work a {@link Driver} runs: usually an {@link OperatorChain}. Called by one worker thread at a time (never
 * concurrently); must not block the calling thread: when it cannot proceed it returns {@link Step#blocked}.
 */
public interface DriverBody extends AutoCloseable
{
    /**
     * Advances until {@code deadlineNanos} ({@link System#nanoTime()} scale) passes, the body blocks, or it
     * finishes. Implementations check the clock once per batch, not per row.
     */
    Step process(long deadlineNanos) throws Exception;

    /**
     * Called once by the {@link Driver} constructor: a body that runs several operator calls per slice keeps the
     * driver to check {@link Driver#isCancelRequested()} between them, so a cancel does not wait for the slice end.
     */
    default void attach(Driver driver)
    {
    }

    /**
     * Releases everything the body holds; called exactly once, on the worker that saw the terminal state (or on the
     * cancelling thread for a driver a cancel took off its run queue, or that was never submitted).
     */
    @Override
    void close();
}
