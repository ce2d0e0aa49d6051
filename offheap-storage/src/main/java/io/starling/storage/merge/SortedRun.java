package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;

import java.io.IOException;

/**
 * A source of rows in sort-key order: one segment of a rowset (each memtable flush writes sorted segments), or
 * anything else that yields sorted batches (a compaction input). Batches have the merge's columns; the caller of
 * {@link #next} owns the returned batch and closes it.
 */
public interface SortedRun extends AutoCloseable
{
    /** The next batch (at least one row, selection vector ignored), or null when the run is exhausted. */
    ColumnBatch next() throws IOException;

    /**
     * Whether the rows of this run delete their keys (a UNIQUE KEY load's deletes): a tombstone newer than every
     * row of a key removes the key; only its key columns are meaningful.
     */
    default boolean tombstones()
    {
        return false;
    }

    @Override
    default void close()
    {
    }
}
