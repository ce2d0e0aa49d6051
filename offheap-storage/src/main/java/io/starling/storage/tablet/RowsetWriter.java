package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.compress.Codecs;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentInfo;
import io.starling.storage.segment.SegmentWriter;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one rowset (the rows of one transaction for one tablet) as one or more segment files, rolling to a new
 * segment after {@code rowsPerSegment} rows. {@link #finish()} makes the files durable and records the rowset
 * as pending for its transaction; {@link #abort()} (or {@link #close()} before finish) deletes everything.
 * Not thread-safe: one writer per loading thread.
 */
public final class RowsetWriter implements AutoCloseable
{
    private final TabletStore store;
    private final TabletStore.TabletState state;
    private final long txnId;
    private final long rowsetId;
    private final List<DataType> schema;
    private final long rowsPerSegment;
    private final MemoryContext ctx;
    private final List<String> files = new ArrayList<>();
    private final KeysModel keysModel;
    private final int numKeyColumns;
    private final List<RowsetMeta.DeleteFile> deletes = new ArrayList<>();
    private SegmentWriter current;
    private long numRows;
    private long bytes;
    private boolean done;

    RowsetWriter(TabletStore store, TabletStore.TabletState state, long txnId, long rowsetId, List<DataType> schema, long rowsPerSegment,
            MemoryContext ctx, KeysModel keysModel, int numKeyColumns)
    {
        this.keysModel = keysModel;
        this.numKeyColumns = numKeyColumns;
        this.store = store;
        this.state = state;
        this.txnId = txnId;
        this.rowsetId = rowsetId;
        this.schema = schema;
        this.rowsPerSegment = rowsPerSegment;
        this.ctx = ctx;
    }

    public long rowsetId()
    {
        return rowsetId;
    }

    public long txnId()
    {
        return txnId;
    }

    /** The tablet's table model. */
    public KeysModel keysModel()
    {
        return keysModel;
    }

    /** Leading schema columns forming the key (0 for DUPLICATE tablets without a declared key). */
    public int numKeyColumns()
    {
        return numKeyColumns;
    }

    /**
     * Makes this load a partial update and/or a conditional update ({@link io.starling.storage.pk.UpdateMode}),
     * applied when the rowset is published. Call before {@link #finish()}; PRIMARY/UNIQUE tablets only.
     */
    public void setUpdateMode(io.starling.storage.pk.UpdateMode mode)
    {
        checkOpen();
        store.setUpdateMode(state, txnId, mode);
    }

    /** Schema positions of the tablet's sort key in sort order (empty: rows keep arrival order). */
    public int[] sortKeyColumns()
    {
        synchronized (state) {
            return state.meta.sortKeyColumns();
        }
    }

    /** Per schema column its aggregation type (AGGREGATE tablets; NONE elsewhere). */
    public List<io.starling.storage.merge.AggType> aggregationTypes()
    {
        synchronized (state) {
            return state.meta.aggregationTypes();
        }
    }

    /** The tablet schema. */
    public List<DataType> schema()
    {
        return schema;
    }

    /**
     * Starts a new flush unit of a key-replacing load: the current segment is finished so that the unit's
     * deletes ({@link #appendDeletes}) apply after every earlier segment and before the unit's own upserts.
     */
    public void beginUnit() throws IOException
    {
        checkOpen();
        if (current != null) {
            try {
                finishSegment();
            }
            catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }
    }

    /**
     * Writes keys to delete (a batch of the first {@link #numKeyColumns()} columns) as a delete file of the current
     * flush unit. Only for PRIMARY and UNIQUE tablets.
     */
    public void appendDeletes(ColumnBatch keys) throws IOException
    {
        checkOpen();
        if (!keysModel.replacesByKey()) {
            throw new IllegalStateException("deletes by key need a PRIMARY or UNIQUE KEY tablet, tablet " + state.id + " is " + keysModel);
        }
        if (keys.size() == 0) {
            return;
        }
        beginUnit();
        String name = rowsetId + "_" + deletes.size() + TabletStore.DELETE_SUFFIX;
        Path path = state.dataDir().resolve(name);
        deletes.add(new RowsetMeta.DeleteFile(name, files.size(), keys.size()));
        try (SegmentWriter w = new SegmentWriter(path, schema.subList(0, numKeyColumns), ctx, Codecs.LZ4)) {
            w.append(keys);
            bytes += w.finish().bytes();
        }
        catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void checkOpen()
    {
        if (done) {
            throw new IllegalStateException("rowset writer of txn " + txnId + " is finished or aborted");
        }
    }

    /** Rows appended so far. */
    public long numRows()
    {
        return numRows;
    }

    /** Appends the logical rows of {@code batch} (selection vector honoured). */
    public void append(ColumnBatch batch) throws IOException
    {
        if (done) {
            throw new IllegalStateException("rowset writer of txn " + txnId + " is finished or aborted");
        }
        if (batch.size() == 0) {
            return;
        }
        try {
            if (current != null && current.numRows() >= rowsPerSegment) {
                finishSegment();
            }
            if (current == null) {
                String name = rowsetId + "_" + files.size() + TabletStore.SEGMENT_SUFFIX;
                files.add(name);
                current = new SegmentWriter(state.dataDir().resolve(name), schema, ctx, Codecs.LZ4);
            }
            current.append(batch);
            numRows += batch.size();
        }
        catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void finishSegment() throws IOException
    {
        SegmentInfo info = current.finish();
        bytes += info.bytes();
        current = null;
    }

    /**
     * Finishes the last segment, fsyncs the data directory and records the rowset as pending for the
     * transaction. Returns the rowset; it becomes visible when the transaction is published.
     */
    public RowsetMeta finish() throws IOException
    {
        if (done) {
            throw new IllegalStateException("rowset writer of txn " + txnId + " is finished or aborted");
        }
        try {
            if (current != null) {
                finishSegment();
            }
            DurableFiles.fsyncDirectory(state.dataDir());
            RowsetMeta meta = new RowsetMeta(rowsetId, txnId, numRows, files, bytes, deletes);
            store.recordPending(state, meta);
            done = true;
            if (txnId >= 0) {
                // a compaction output (negative txn) stays "being written" until committed or discarded: until then
                // nothing references its files, and the consistency check must not call them stray
                state.writing.remove(rowsetId);
            }
            ctx.close();
            return meta;
        }
        catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Deletes the files written so far; the transaction leaves no trace in this tablet. Idempotent. */
    public void abort()
    {
        if (done) {
            return;
        }
        done = true;
        if (current != null) {
            try {
                current.close();
            }
            catch (IOException ignored) {
                // the file is deleted below
            }
            current = null;
        }
        List<String> all = new ArrayList<>(files);
        deletes.forEach(d -> all.add(d.file()));
        for (String f : all) {
            try {
                Files.deleteIfExists(state.dataDir().resolve(f));
            }
            catch (IOException ignored) {
                // unreferenced files are removed by the next startup's cleanup
            }
        }
        state.writing.remove(rowsetId);
        ctx.close();
    }

    @Override
    public void close()
    {
        abort();
    }

    Path dataDir()
    {
        return state.dataDir();
    }
}
