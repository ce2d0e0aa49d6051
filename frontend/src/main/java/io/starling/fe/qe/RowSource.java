package io.starling.fe.qe;

import io.starling.storage.batch.ColumnBatch;

/**
 * A stream of result batches, pulled by the protocol layer and written to the client as they come (results of any
 * size stream with bounded memory). {@link #next()} may block until the engine produces the next batch; it returns
 * null at the end. The protocol layer closes each returned batch after encoding it, and closes the source at the
 * end or when the client goes away (which must cancel the query).
 */
public interface RowSource extends AutoCloseable
{
    /** Next batch (owned by the caller), or null at the end. */
    ColumnBatch next() throws SqlError;

    /** Stops the query if still running and releases everything. Idempotent. */
    @Override
    void close();
}
