package io.starling.storage.compaction;

import io.starling.storage.batch.ColumnBatch;

import java.io.IOException;

/**
 * The rows of a compaction output, produced batch by batch from the input rowsets. The plug point of the table
 * models: DUPLICATE and the key-replacing models (PRIMARY, delete-and-insert UNIQUE) use {@link LiveRowSource};
 * merge-on-read models (AGGREGATE, and UNIQUE if stored merge-on-read) need a sorted k-way merge that combines the
 * rows of one key, registered with {@link RowSources#register}.
 */
public interface RowSource extends AutoCloseable
{
    /**
     * The next batch of output rows, or null at the end. The batch belongs to the source and is valid until the
     * next call; its selection vector, if any, is honoured by the writer.
     */
    ColumnBatch next() throws IOException;

    /**
     * For key-replacing tablets: the input row of each logical row of the last batch, as
     * {@code inputSegmentIndex << 32 | row} (index into {@link CompactionInput#segmentFiles()}); null for sources
     * that do not track origins (the commit needs them only for key-replacing tablets).
     */
    long[] lastOrigins();

    @Override
    void close();
}
