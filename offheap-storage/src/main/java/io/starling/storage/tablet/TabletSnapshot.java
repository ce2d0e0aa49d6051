package io.starling.storage.tablet;

import io.starling.storage.delvec.DelVector;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * The rowsets of one tablet visible at one version, with their segments opened. Readers are shared with other
 * snapshots of the same tablet (one mapping per file); the snapshot pins them: while it is open the files stay
 * mapped even if the tablet is dropped. Close it when the scan is done (idempotent). Thread-safe for reads.
 */
public final class TabletSnapshot implements AutoCloseable
{
    private final TabletStore store;
    private final TabletStore.TabletState state;
    private final long version;
    private final List<DataType> schema;
    private final List<String> columnNames;
    private final List<RowsetMeta> rowsets;
    private final List<SegmentReader> segments;
    private final List<DelVector> deletes;
    private final KeysModel keysModel;
    private final int numKeyColumns;
    private final List<String> files;
    private boolean closed;

    TabletSnapshot(TabletStore store, TabletStore.TabletState state, long version, List<DataType> schema, List<String> columnNames,
            List<RowsetMeta> rowsets, List<SegmentReader> segments, List<DelVector> deletes, KeysModel keysModel, int numKeyColumns,
            List<String> files)
    {
        this.files = List.copyOf(files);
        this.deletes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(deletes));
        this.keysModel = keysModel;
        this.numKeyColumns = numKeyColumns;
        this.store = store;
        this.state = state;
        this.version = version;
        this.schema = schema;
        this.columnNames = columnNames;
        this.rowsets = List.copyOf(rowsets);
        this.segments = List.copyOf(segments);
    }

    public long tabletId()
    {
        return state.id;
    }

    public long version()
    {
        return version;
    }

    public List<DataType> schema()
    {
        return schema;
    }

    public List<String> columnNames()
    {
        return columnNames;
    }

    /** Visible rowsets in version order. */
    public List<RowsetMeta> rowsets()
    {
        return rowsets;
    }

    /** File names of {@link #segments()}, in the same order (relative to the tablet's data directory). */
    public List<String> segmentFiles()
    {
        return files;
    }

    /** Segments of all visible rowsets, in rowset (version) order then segment order. Do not close them. */
    public List<SegmentReader> segments()
    {
        return segments;
    }

    /**
     * The delete vector of segment {@code i} (index into {@link #segments()}) at this snapshot's version: rows a
     * reader must skip. Null when no row of the segment is deleted (always for non-PRIMARY tablets).
     */
    public DelVector deleteVector(int i)
    {
        return deletes.get(i);
    }

    public KeysModel keysModel()
    {
        return keysModel;
    }

    /** Schema positions of the tablet's sort key in sort order (the key columns for AGGREGATE and UNIQUE). */
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

    /** Leading schema columns forming the key. */
    public int numKeyColumns()
    {
        return numKeyColumns;
    }

    /** Rows stored in the visible rowsets, deleted rows included. */
    public long numRows()
    {
        long n = 0;
        for (RowsetMeta r : rowsets) {
            n += r.numRows();
        }
        return n;
    }

    /** Rows a reader sees: {@link #numRows()} minus the rows of the delete vectors. */
    public long liveRows()
    {
        long n = numRows();
        for (DelVector d : deletes) {
            if (d != null) {
                n -= d.cardinality();
            }
        }
        return n;
    }

    @Override
    public void close()
    {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        store.release(state, version, files);
    }
}
