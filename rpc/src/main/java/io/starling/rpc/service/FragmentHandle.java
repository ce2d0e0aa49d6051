package io.starling.rpc.service;

import io.starling.rpc.proto.SinkResult;
import io.starling.storage.batch.ColumnBatch;

/**
 * A running fragment. Result batches are pulled with {@link #next()} (which blocks until a batch is ready or the
 * fragment ends); failures surface as {@link FragmentException} from {@link #next()} or {@link #sinkResult()}.
 */
public interface FragmentHandle extends AutoCloseable
{
    /** Next result batch (owned by the caller, who closes it), or null when the fragment finished. */
    ColumnBatch next() throws FragmentException, InterruptedException;

    /** For table sinks: waits for the end and returns what was written. */
    SinkResult sinkResult() throws FragmentException, InterruptedException;

    /** Cancels the fragment; a blocked {@link #next()} then throws {@link FragmentException} with the reason. */
    void cancel(String reason);

    /** Per-operator statistics as text (for EXPLAIN ANALYZE / profiles); may be empty while running. */
    String profile();

    /** Cancels if still running and releases all resources. */
    @Override
    void close();
}
