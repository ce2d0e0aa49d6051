package io.starling.storage.tablet;

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
    private boolean closed;

    TabletSnapshot(TabletStore store, TabletStore.TabletState state, long version, List<DataType> schema, List<String> columnNames,
            List<RowsetMeta> rowsets, List<SegmentReader> segments)
    {
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

    /** Segments of all visible rowsets, in rowset (version) order then segment order. Do not close them. */
    public List<SegmentReader> segments()
    {
        return segments;
    }

    public long numRows()
    {
        long n = 0;
        for (RowsetMeta r : rowsets) {
            n += r.numRows();
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
        store.release(state);
    }
}
