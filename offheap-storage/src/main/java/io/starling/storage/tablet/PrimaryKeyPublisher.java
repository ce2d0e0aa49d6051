package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.KeyEncoder;
import io.starling.storage.pk.PrimaryIndex;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The publish step of a PRIMARY tablet (StarRocks' delete-and-insert): applies a pending rowset's deletes and
 * upserts, in load order, to the tablet's {@link PrimaryIndex} and collects the rows they replace as new delete
 * vectors. The caller holds the tablet lock, writes the vectors with the new meta version in one batch, and drops
 * the index if anything fails (it then no longer matches the durable state and is rebuilt from the data).
 */
final class PrimaryKeyPublisher
{
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryKeyPublisher.class);

    private PrimaryKeyPublisher()
    {
    }

    /** A consumer of (encoded key, row id). */
    private interface KeyConsumer
    {
        void accept(byte[] key, int row);
    }

    /**
     * Updates the index with {@code rowset}; returns the delete vector of every segment that lost rows, each the
     * previous vector (as of the visible version) plus the newly replaced or deleted rows.
     */
    static Map<String, DelVector> apply(TabletStore store, TabletStore.TabletState s, RowsetMeta rowset) throws IOException
    {
        ensureIndex(store, s);
        PrimaryIndex idx = s.index;
        Map<Integer, RoaringBitmap> marks = new HashMap<>();
        List<String> segments = rowset.segmentFiles();
        for (int j = 0; j <= segments.size(); j++) {
            for (RowsetMeta.DeleteFile d : rowset.deletes()) {
                if (d.beforeSegment() != j) {
                    continue;
                }
                try (SegmentReader r = SegmentReader.open(s.dataDir().resolve(d.file()))) {
                    forEachKey(store, s, r, (key, row) -> markOld(marks, idx.remove(key)));
                }
            }
            if (j < segments.size()) {
                int ordinal = s.ordinal(segments.get(j));
                SegmentReader r = store.reader(s, segments.get(j));
                forEachKey(store, s, r, (key, row) -> markOld(marks, idx.put(key, PrimaryIndex.location(ordinal, row))));
            }
        }
        s.indexLastUsed = System.nanoTime();
        long visible = s.meta.visibleVersion();
        Map<String, DelVector> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, RoaringBitmap> e : marks.entrySet()) {
            String segment = s.indexSegments.get(e.getKey());
            DelVector prev = s.delvecAt(segment, visible);
            out.put(segment, prev == null ? new DelVector(e.getValue()) : prev.with(e.getValue()));
        }
        return out;
    }

    private static void markOld(Map<Integer, RoaringBitmap> marks, long old)
    {
        if (old != PrimaryIndex.NONE) {
            marks.computeIfAbsent(PrimaryIndex.segmentOf(old), k -> new RoaringBitmap()).add(PrimaryIndex.rowOf(old));
        }
    }

    /** Builds the tablet's index from its visible data (live rows only) unless it is loaded. */
    static void ensureIndex(TabletStore store, TabletStore.TabletState s) throws IOException
    {
        if (s.index != null) {
            return;
        }
        s.dropIndex();
        PrimaryIndex idx = new PrimaryIndex(store.indexMemory(s.id));
        s.index = idx;
        long visible = s.meta.visibleVersion();
        long[] duplicates = new long[1];
        for (RowsetMeta r : s.meta.rowsetsAt(visible)) {
            for (String f : r.segmentFiles()) {
                DelVector dv = s.delvecAt(f, visible);
                int ordinal = s.ordinal(f);
                forEachKey(store, s, store.reader(s, f), (key, row) -> {
                    if (dv != null && dv.isDeleted(row)) {
                        return;
                    }
                    if (idx.put(key, PrimaryIndex.location(ordinal, row)) != PrimaryIndex.NONE) {
                        duplicates[0]++;
                    }
                });
            }
        }
        if (duplicates[0] > 0) {
            LOG.error("tablet {}: {} keys have more than one live row; the newest wins", s.id, duplicates[0]);
        }
        s.indexLastUsed = System.nanoTime();
        LOG.info("tablet {}: primary index built, {} keys, ~{} bytes", s.id, idx.size(), idx.memoryBytes());
    }

    /** Calls {@code consumer} with the encoded key of every row of a segment whose first columns are the keys. */
    private static void forEachKey(TabletStore store, TabletStore.TabletState s, SegmentReader r, KeyConsumer consumer)
    {
        int nk = s.meta.numKeyColumns();
        List<DataType> keyTypes = s.meta.schema().subList(0, nk);
        KeyEncoder enc = KeyEncoder.prefix(keyTypes, nk);
        MemoryContext ctx = store.scratchMemory();
        ColumnVector[] v = new ColumnVector[nk];
        try {
            for (int c = 0; c < nk; c++) {
                v[c] = new ColumnVector(keyTypes.get(c), ColumnBatch.MAX_ROWS, ctx);
            }
            long rows = r.numRows();
            for (long first = 0; first < rows; first += ColumnBatch.MAX_ROWS) {
                int n = (int) Math.min(ColumnBatch.MAX_ROWS, rows - first);
                for (int c = 0; c < nk; c++) {
                    if (v[c].physical() == io.starling.storage.types.PhysicalType.VARLEN) {
                        v[c].resetVarlen();
                    }
                    r.readColumn(c, first, n, v[c], 0);
                }
                for (int i = 0; i < n; i++) {
                    consumer.accept(enc.encode(v, i), (int) (first + i));
                }
            }
        }
        finally {
            for (ColumnVector c : v) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
