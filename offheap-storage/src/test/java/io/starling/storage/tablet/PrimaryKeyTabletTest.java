package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PkMemTable;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** PRIMARY tablets: memtable merge, publish through the primary index, delete vectors, restart, migration. */
class PrimaryKeyTabletTest
{
    private static final List<DataType> SCHEMA = List.of(DataType.BIGINT, DataType.STRING);
    private static final List<String> NAMES = List.of("id", "name");

    @TempDir
    Path root;

    private final MemoryContext ctx = MemoryContext.process().newChild("pk-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    private TabletStore open() throws IOException
    {
        return new TabletStore(root, 1000, ctx);
    }

    /** One operation of a load: upsert (id, name) or delete id (name null). */
    private record Op(long id, String name)
    {
    }

    /** Loads ops through a memtable, flushing every {@code flushEvery} ops. */
    private void load(TabletStore store, long tablet, long txn, List<Op> ops, int flushEvery) throws IOException
    {
        try (RowsetWriter w = store.openRowset(tablet, txn);
                PkMemTable mem = new PkMemTable(SCHEMA, 1, ctx);
                ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            for (Op op : ops) {
                b.reset();
                b.column(0).setLong(0, op.id());
                if (op.name() == null) {
                    b.column(1).setNull(0, true);
                }
                else {
                    b.column(1).setString(0, op.name());
                }
                b.setRowCount(1);
                mem.add(b, 0, op.name() == null);
                if (mem.rows() >= flushEvery) {
                    mem.flush(w);
                }
            }
            mem.flush(w);
            w.finish();
        }
    }

    /** Live rows of a snapshot (delete vectors applied), id → name; checks that no id is live twice. */
    private Map<Long, String> read(TabletSnapshot snap)
    {
        Map<Long, String> out = new TreeMap<>();
        try (ColumnVector ids = new ColumnVector(DataType.BIGINT, ColumnBatch.MAX_ROWS, ctx);
                ColumnVector names = new ColumnVector(DataType.STRING, ColumnBatch.MAX_ROWS, ctx)) {
            for (int s = 0; s < snap.segments().size(); s++) {
                SegmentReader r = snap.segments().get(s);
                DelVector dv = snap.deleteVector(s);
                for (long row = 0; row < r.numRows(); row += ColumnBatch.MAX_ROWS) {
                    int n = (int) Math.min(ColumnBatch.MAX_ROWS, r.numRows() - row);
                    names.resetVarlen();
                    r.readColumn(0, row, n, ids, 0);
                    r.readColumn(1, row, n, names, 0);
                    for (int i = 0; i < n; i++) {
                        if (dv != null && dv.isDeleted((int) (row + i))) {
                            continue;
                        }
                        String prev = out.put(ids.getLong(i), names.getString(i));
                        assertThat(prev).as("id %d live twice", ids.getLong(i)).isNull();
                    }
                }
            }
        }
        assertThat(out).hasSize((int) snap.liveRows());
        return out;
    }

    @Test
    void upsertsAndDeletesReplaceRowsAcrossLoadsAndRestarts() throws IOException
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("PrimaryKeyTabletTest seed " + seed);
        Random rnd = new Random(seed);
        TabletStore store = open();
        store.createTablet(1, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        Map<Long, String> expected = new TreeMap<>();
        Map<Long, Map<Long, String>> byVersion = new TreeMap<>();
        long version = 1;
        for (int load = 0; load < 12; load++) {
            List<Op> ops = new java.util.ArrayList<>();
            int n = 1 + rnd.nextInt(3000);
            for (int i = 0; i < n; i++) {
                long id = rnd.nextInt(2000);
                if (rnd.nextInt(5) == 0) {
                    ops.add(new Op(id, null));
                    expected.remove(id);
                }
                else {
                    String name = "v" + load + "_" + i;
                    ops.add(new Op(id, name));
                    expected.put(id, name);
                }
            }
            load(store, 1, 100 + load, ops, 300 + rnd.nextInt(1500));
            store.publish(1, 100 + load, ++version);
            byVersion.put(version, new TreeMap<>(expected));
            if (load == 4) {
                store.close();
                store = open();
            }
            if (load == 8) {
                assertThat(store.releaseIdleIndexes(0)).isEqualTo(1);
                assertThat(store.primaryIndexMemory(1)).isZero();
            }
        }
        assertThat(store.primaryIndexMemory(1)).isPositive();
        for (Map.Entry<Long, Map<Long, String>> e : byVersion.entrySet()) {
            try (TabletSnapshot snap = store.snapshot(1, e.getKey())) {
                assertThat(read(snap)).as("version %d", e.getKey()).isEqualTo(e.getValue());
            }
        }
        store.close();
        TabletStore reopened = open();
        for (Map.Entry<Long, Map<Long, String>> e : byVersion.entrySet()) {
            try (TabletSnapshot snap = reopened.snapshot(1, e.getKey())) {
                assertThat(read(snap)).as("version %d after restart", e.getKey()).isEqualTo(e.getValue());
            }
        }
        reopened.close();
    }

    @Test
    void memtableKeepsTheLastOperationOfAKeyAndSortsSegments() throws IOException
    {
        TabletStore store = open();
        store.createTablet(2, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 2, 1, List.of(new Op(3, "a"), new Op(1, "b"), new Op(3, null), new Op(2, "c"), new Op(3, "d"), new Op(2, null)), 100);
        store.publish(2, 1, 2);
        try (TabletSnapshot snap = store.snapshot(2, 2)) {
            assertThat(snap.numRows()).as("merged in the memtable").isEqualTo(2);
            assertThat(read(snap)).isEqualTo(Map.of(1L, "b", 3L, "d"));
            try (ColumnVector ids = new ColumnVector(DataType.BIGINT, 2, ctx)) {
                snap.segments().getFirst().readColumn(0, 0, 2, ids, 0);
                assertThat(List.of(ids.getLong(0), ids.getLong(1))).containsExactly(1L, 3L);
            }
        }
        // a delete of a key written by an earlier load marks its row
        load(store, 2, 2, List.of(new Op(1, null), new Op(7, null)), 100);
        store.publish(2, 2, 3);
        try (TabletSnapshot snap = store.snapshot(2, 3)) {
            assertThat(read(snap)).isEqualTo(Map.of(3L, "d"));
            assertThat(snap.deleteVector(0).cardinality()).isEqualTo(1);
        }
        store.close();
    }

    @Test
    void uncommittedPublishLeavesNoDeleteVector() throws IOException
    {
        TabletStore store = open();
        store.createTablet(3, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 3, 1, List.of(new Op(1, "a"), new Op(2, "b")), 100);
        store.publish(3, 1, 2);
        load(store, 3, 2, List.of(new Op(1, "x")), 100);
        store.close();
        // "crash" before publish: the pending load is aborted at restart, version 2 is intact
        TabletStore reopened = open();
        assertThat(reopened.pendingTxns(3)).containsExactly(2L);
        reopened.abortPendingExcept(java.util.Set.of());
        try (TabletSnapshot snap = reopened.snapshot(3, 2)) {
            assertThat(read(snap)).isEqualTo(Map.of(1L, "a", 2L, "b"));
            assertThat(snap.deleteVector(0)).isNull();
        }
        load(reopened, 3, 3, List.of(new Op(2, "c")), 100);
        reopened.publish(3, 3, 3);
        try (TabletSnapshot snap = reopened.snapshot(3, 3)) {
            assertThat(read(snap)).isEqualTo(Map.of(1L, "a", 2L, "c"));
        }
        reopened.close();
    }

    @Test
    void legacyMetaFilesAreMigrated() throws IOException
    {
        TabletStore store = open();
        store.createTablet(4, SCHEMA, NAMES);
        RowsetMeta published;
        try (RowsetWriter w = store.openRowset(4, 1); ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            b.column(0).setLong(0, 42);
            b.column(1).setString(0, "x");
            b.setRowCount(1);
            w.append(b);
            published = w.finish();
        }
        store.publish(4, 1, 2);
        RowsetMeta pending;
        try (RowsetWriter w = store.openRowset(4, 2); ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            b.column(0).setLong(0, 43);
            b.column(1).setString(0, "y");
            b.setRowCount(1);
            w.append(b);
            pending = w.finish();
        }
        store.close();
        // rewrite the directory as the previous format would have left it: meta file, pending file, no meta store
        Path dir = root.resolve("tablets/4");
        TabletMeta meta = new TabletMeta(4, SCHEMA, NAMES, KeysModel.DUPLICATE, 0, 2,
                List.of(new TabletMeta.VersionEntry(2, 1, published, List.of())));
        Files.write(dir.resolve("meta"), meta.serialize(TabletMeta.LEGACY_FORMAT_VERSION));
        Files.write(dir.resolve("pending/2.pending"), legacyPending(4, pending));
        io.starling.storage.tablet.DurableFiles.deleteRecursively(root.resolve("meta"));

        TabletStore reopened = open();
        assertThat(reopened.visibleVersion(4)).isEqualTo(2);
        assertThat(reopened.pendingTxns(4)).containsExactly(2L);
        assertThat(Files.exists(dir.resolve("meta"))).isFalse();
        assertThat(Files.list(dir.resolve("pending")).count()).isZero();
        reopened.publish(4, 2, 3);
        try (TabletSnapshot snap = reopened.snapshot(4, 3)) {
            assertThat(snap.numRows()).isEqualTo(2);
        }
        reopened.close();
        try (TabletStore again = open()) {
            assertThat(again.visibleVersion(4)).isEqualTo(3);
        }
    }

    /** A version-1 pending record (no delete files). */
    private static byte[] legacyPending(long tablet, RowsetMeta r)
    {
        io.starling.storage.io.ByteSink out = new io.starling.storage.io.ByteSink(128);
        out.writeInt(TabletMeta.PENDING_MAGIC);
        out.writeInt(TabletMeta.LEGACY_FORMAT_VERSION);
        out.writeLong(tablet);
        out.writeLong(r.rowsetId());
        out.writeLong(r.txnId());
        out.writeLong(r.numRows());
        out.writeLong(r.totalBytes());
        out.writeInt(r.segmentFiles().size());
        for (String f : r.segmentFiles()) {
            byte[] b = f.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.writeBytes(b);
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.size());
        out.writeInt((int) crc.getValue());
        return out.toByteArray();
    }
}
