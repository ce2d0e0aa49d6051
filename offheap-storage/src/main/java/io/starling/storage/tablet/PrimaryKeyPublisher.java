package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codecs;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.KeyEncoder;
import io.starling.storage.pk.PersistentPrimaryIndex;
import io.starling.storage.pk.PkIndex;
import io.starling.storage.pk.PrimaryIndex;
import io.starling.storage.pk.SegmentKeys;
import io.starling.storage.pk.UpdateMode;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.segment.SegmentWriter;
import io.starling.storage.types.DataType;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
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

    /**
     * Updates the index with {@code rowset}; returns the delete vector of every segment that lost rows, each the
     * previous vector (as of the visible version) plus the newly replaced or deleted rows.
     */
    static Map<String, DelVector> apply(TabletStore store, TabletStore.TabletState s, RowsetMeta rowset) throws IOException
    {
        ensureIndex(store, s);
        PkIndex idx = s.index;
        Map<Integer, RoaringBitmap> marks = new HashMap<>();
        List<String> segments = rowset.segmentFiles();
        UpdateMode mode = s.pendingModes.get(rowset.txnId());
        if (mode != null && mode.isPlain()) {
            mode = null;
        }
        List<String> rewritten = new ArrayList<>(segments);
        boolean rewrote = false;
        s.rewrittenRowset = null;
        for (int j = 0; j <= segments.size(); j++) {
            for (RowsetMeta.DeleteFile d : rowset.deletes()) {
                if (d.beforeSegment() != j) {
                    continue;
                }
                try (SegmentReader r = SegmentReader.open(s.dataDir().resolve(d.file()))) {
                    forEachKey(store, s, r, (key, row) -> markOld(marks, idx.remove(key)));
                }
            }
            if (j < segments.size() && mode != null) {
                String out = applyWithMode(store, s, segments.get(j), mode, marks);
                if (out != null) {
                    rewritten.set(j, out);
                    rewrote = true;
                }
                continue;
            }
            if (j < segments.size()) {
                int ordinal = s.ordinal(segments.get(j));
                SegmentReader r = store.reader(s, segments.get(j));
                forEachKey(store, s, r, (key, row) -> markOld(marks, idx.put(key, PrimaryIndex.location(ordinal, row))));
            }
        }
        if (rewrote) {
            s.rewrittenRowset = new RowsetMeta(rowset.rowsetId(), rowset.txnId(), rewrittenRows(store, s, rewritten),
                    rewritten, rowset.totalBytes(), rowset.deletes());
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

    /**
     * The rowset to publish in place of {@code rowset}: the one whose partial-update segments were rewritten as full
     * rows by the last {@link #apply}, or {@code rowset} itself.
     */
    static RowsetMeta publishedRowset(TabletStore.TabletState s, RowsetMeta rowset)
    {
        RowsetMeta r = s.rewrittenRowset;
        return r != null && r.txnId() == rowset.txnId() && r.rowsetId() == rowset.rowsetId() ? r : rowset;
    }

    /**
     * After the publish of {@code original} committed ({@code ok}) or failed: deletes the partial-update segment
     * files that were replaced (on success) or the rewritten ones (on failure), and forgets the update mode.
     */
    static void afterPublish(TabletStore.TabletState s, RowsetMeta original, boolean ok)
    {
        RowsetMeta r = s.rewrittenRowset;
        s.rewrittenRowset = null;
        if (ok) {
            s.pendingModes.remove(original.txnId());
        }
        if (r == null || r.txnId() != original.txnId()) {
            return;
        }
        for (int j = 0; j < r.segmentFiles().size(); j++) {
            String oldFile = original.segmentFiles().get(j);
            String newFile = r.segmentFiles().get(j);
            if (oldFile.equals(newFile)) {
                continue;
            }
            String gone = ok ? oldFile : newFile;
            SegmentReader cached = s.readers.remove(gone);
            try {
                if (cached != null) {
                    cached.close();
                }
                Files.deleteIfExists(s.dataDir().resolve(gone));
            }
            catch (IOException | RuntimeException e) {
                // an unreferenced file: the next startup's cleanup removes it
                LOG.warn("tablet {}: could not delete {}: {}", s.id, gone, e.toString());
            }
        }
    }

    private static long rewrittenRows(TabletStore store, TabletStore.TabletState s, List<String> files) throws IOException
    {
        long n = 0;
        for (String f : files) {
            n += store.reader(s, f).numRows();
        }
        return n;
    }

    /**
     * Applies one upsert segment of a load with an {@link UpdateMode}. With a merge condition, rows whose condition
     * value is below the live row's are dropped (the live row stays). For a partial update the segment is rewritten
     * as full rows (the columns the load did not write come from the live row it replaces) into a new file whose
     * name is returned; otherwise dropped rows are marked deleted in the segment itself and null is returned.
     */
    private static String applyWithMode(TabletStore store, TabletStore.TabletState s, String segment, UpdateMode mode,
            Map<Integer, RoaringBitmap> marks) throws IOException
    {
        PkIndex idx = s.index;
        List<DataType> schema = s.meta.schema();
        int nk = s.meta.numKeyColumns();
        KeyEncoder enc = KeyEncoder.prefix(schema, nk);
        MemoryContext ctx = store.scratchMemory().newChild("pk-merge:" + s.id);
        String target = null;
        SegmentWriter writer = null;
        ColumnBatch in = ColumnBatch.allocate(schema, ctx);
        ColumnBatch outBatch = mode.partial() ? ColumnBatch.allocate(schema, ctx) : null;
        ColumnBatch old = ColumnBatch.allocate(schema, 1, ctx);
        try {
            SegmentReader r = store.reader(s, segment);
            int ordinal;
            if (mode.partial()) {
                String base = segment.endsWith(TabletStore.SEGMENT_SUFFIX)
                        ? segment.substring(0, segment.length() - TabletStore.SEGMENT_SUFFIX.length()) : segment;
                target = base + "_full" + TabletStore.SEGMENT_SUFFIX;
                writer = new SegmentWriter(s.dataDir().resolve(target), schema, ctx, Codecs.LZ4);
                ordinal = s.ordinal(target);
            }
            else {
                ordinal = s.ordinal(segment);
            }
            int written = 0;
            long rows = r.numRows();
            for (long first = 0; first < rows; first += ColumnBatch.MAX_ROWS) {
                int n = (int) Math.min(ColumnBatch.MAX_ROWS, rows - first);
                in.reset();
                for (int c = 0; c < schema.size(); c++) {
                    r.readColumn(c, first, n, in.column(c), 0);
                }
                in.setRowCount(n);
                for (int i = 0; i < n; i++) {
                    byte[] key = enc.encode(in.columns(), i);
                    long prev = idx.get(key);
                    boolean oldLoaded = false;
                    if (prev != PrimaryIndex.NONE && mode.hasCondition()) {
                        readOld(store, s, prev, old, mode.conditionColumn());
                        oldLoaded = true;
                        int cc = mode.conditionColumn();
                        if (UpdateMode.compare(in.column(cc), i, old.column(cc), 0) < 0) {
                            if (!mode.partial()) {
                                marks.computeIfAbsent(ordinal, k -> new RoaringBitmap()).add((int) (first + i));
                            }
                            continue;
                        }
                    }
                    if (!mode.partial()) {
                        markOld(marks, idx.put(key, PrimaryIndex.location(ordinal, (int) (first + i))));
                        continue;
                    }
                    if (prev != PrimaryIndex.NONE) {
                        for (int c = 0; c < schema.size(); c++) {
                            if (!mode.givenColumns()[c] && !(oldLoaded && c == mode.conditionColumn())) {
                                readOld(store, s, prev, old, c);
                            }
                        }
                    }
                    int o = outBatch.rowCount();
                    for (int c = 0; c < schema.size(); c++) {
                        boolean fromOld = prev != PrimaryIndex.NONE && !mode.givenColumns()[c];
                        outBatch.column(c).copyFrom(fromOld ? old.column(c) : in.column(c), fromOld ? 0 : i, o);
                    }
                    outBatch.setRowCount(o + 1);
                    markOld(marks, idx.put(key, PrimaryIndex.location(ordinal, written++)));
                    if (outBatch.rowCount() == ColumnBatch.MAX_ROWS) {
                        writer.append(outBatch);
                        outBatch.reset();
                    }
                }
            }
            if (writer != null) {
                if (outBatch.rowCount() > 0) {
                    writer.append(outBatch);
                }
                writer.finish();
                writer = null;
            }
            return target;
        }
        catch (IOException | RuntimeException e) {
            if (target != null) {
                if (writer != null) {
                    writer.close();
                }
                Files.deleteIfExists(s.dataDir().resolve(target));
            }
            throw e;
        }
        finally {
            in.close();
            old.close();
            if (outBatch != null) {
                outBatch.close();
            }
            ctx.close();
        }
    }

    /** Reads column {@code c} of the live row at index location {@code location} into row 0 of {@code dst}. */
    private static void readOld(TabletStore store, TabletStore.TabletState s, long location, ColumnBatch dst, int c)
            throws IOException
    {
        String file = s.indexSegments.get(PrimaryIndex.segmentOf(location));
        ColumnVector v = dst.column(c);
        if (v.physical() == io.starling.storage.types.PhysicalType.VARLEN) {
            v.resetVarlen();
        }
        store.reader(s, file).readColumn(c, PrimaryIndex.rowOf(location), 1, v, 0);
    }

    private static void markOld(Map<Integer, RoaringBitmap> marks, long old)
    {
        if (old != PrimaryIndex.NONE) {
            marks.computeIfAbsent(PrimaryIndex.segmentOf(old), k -> new RoaringBitmap()).add(PrimaryIndex.rowOf(old));
        }
    }

    /**
     * Loads the tablet's index unless it is loaded: a persistent one ({@code "enable_persistent_index"}) whose marker
     * is current is opened as it is (no rebuild); otherwise the index is built from the visible data (live rows
     * only), and a persistent one is written to the meta store as it is built.
     */
    static void ensureIndex(TabletStore store, TabletStore.TabletState s) throws IOException
    {
        if (s.index != null) {
            return;
        }
        s.dropIndex();
        long visible = s.meta.visibleVersion();
        if (s.persistentIndex) {
            PersistentPrimaryIndex.Marker marker = null;
            try {
                marker = PersistentPrimaryIndex.readMarker(store.metaStore(), s.id);
            }
            catch (IOException e) {
                LOG.error("tablet {}: {}; rebuilding the index from the data", s.id, e.getMessage());
            }
            if (marker != null && markerCurrent(s.meta, marker.version())) {
                s.index = PersistentPrimaryIndex.open(store.metaStore(), s.id, marker, store.indexMemory(s.id), s::segmentName,
                        s::ordinal, PersistentPrimaryIndex.configuredCacheEntries());
                s.indexLastUsed = System.nanoTime();
                store.pkIndexReopens.incrementAndGet();
                LOG.info("tablet {}: persistent primary index opened at version {}, {} keys (no rebuild)", s.id, marker.version(),
                        marker.entries());
                return;
            }
            PersistentPrimaryIndex p = PersistentPrimaryIndex.startBuild(store.metaStore(), s.id, store.indexMemory(s.id),
                    s::segmentName, s::ordinal, PersistentPrimaryIndex.configuredCacheEntries());
            s.index = p;
            buildFromData(store, s, visible, p::flushBuild);
            p.finishBuild(visible);
        }
        else {
            s.index = new PrimaryIndex(store.indexMemory(s.id));
            buildFromData(store, s, visible, () -> {
            });
        }
        store.pkIndexBuilds.incrementAndGet();
        s.indexLastUsed = System.nanoTime();
        LOG.info("tablet {}: {} primary index built from the data, {} keys, ~{} bytes", s.id,
                s.persistentIndex ? "persistent" : "in-memory", s.index.size(), s.index.memoryBytes());
    }

    /**
     * A persistent index marked complete at {@code markerVersion} is current when no later version added a rowset
     * (publishes without rows advance the version without touching the index).
     */
    static boolean markerCurrent(TabletMeta meta, long markerVersion)
    {
        if (markerVersion > meta.visibleVersion()) {
            return false;
        }
        for (TabletMeta.VersionEntry e : meta.versions()) {
            if (e.version() > markerVersion && e.rowset() != null && !e.rowset().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Something to run after each segment of a build (a persistent index flushes its overlay). */
    private interface Checkpoint
    {
        void run() throws IOException;
    }

    private static void buildFromData(TabletStore store, TabletStore.TabletState s, long visible, Checkpoint checkpoint)
            throws IOException
    {
        PkIndex idx = s.index;
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
                    if ((row & (ColumnBatch.MAX_ROWS - 1)) == ColumnBatch.MAX_ROWS - 1) {
                        checkpoint.run();
                    }
                });
                checkpoint.run();
            }
        }
        if (duplicates[0] > 0) {
            LOG.error("tablet {}: {} keys have more than one live row; the newest wins", s.id, duplicates[0]);
        }
    }

    /** Calls {@code consumer} with the encoded key of every row of a segment whose first columns are the keys. */
    private static void forEachKey(TabletStore store, TabletStore.TabletState s, SegmentReader r, SegmentKeys.Consumer consumer)
            throws IOException
    {
        int nk = s.meta.numKeyColumns();
        SegmentKeys.forEach(r, s.meta.schema().subList(0, nk), store.scratchMemory(), consumer);
    }
}
