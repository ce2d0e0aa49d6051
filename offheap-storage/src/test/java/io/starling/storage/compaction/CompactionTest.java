package io.starling.storage.compaction;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PkMemTable;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.CompactionConflictException;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.RowsetMeta;
import io.starling.storage.tablet.RowsetWriter;
import io.starling.storage.tablet.TabletSnapshot;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.tablet.TooManyVersionsException;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compaction commit, PRIMARY race with a concurrent publish, crash before commit, MVCC garbage collection, version guard. */
class CompactionTest
{
    private static final List<DataType> SCHEMA = List.of(DataType.BIGINT, DataType.STRING);
    private static final List<String> NAMES = List.of("id", "name");

    @TempDir
    Path root;

    private final MemoryContext ctx = MemoryContext.process().newChild("compaction-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    private TabletStore open() throws IOException
    {
        TabletStore store = new TabletStore(root, 1000, ctx);
        store.setStaleGraceSeconds(0);
        return store;
    }

    /** Loads (id, name) rows (name null: delete of id in a PRIMARY tablet) as txn {@code txn}, published at {@code version}. */
    private void load(TabletStore store, long tablet, long txn, long version, Map<Long, String> ops) throws IOException
    {
        boolean pk = store.keysModel(tablet).replacesByKey();
        try (RowsetWriter w = store.openRowset(tablet, txn);
                PkMemTable mem = pk ? new PkMemTable(SCHEMA, 1, ctx) : null;
                ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            for (Map.Entry<Long, String> op : ops.entrySet()) {
                b.reset();
                b.column(0).setLong(0, op.getKey());
                if (op.getValue() == null) {
                    b.column(1).setNull(0, true);
                }
                else {
                    b.column(1).setString(0, op.getValue());
                }
                b.setRowCount(1);
                if (pk) {
                    mem.add(b, 0, op.getValue() == null);
                }
                else {
                    w.append(b);
                }
            }
            if (pk) {
                mem.flush(w);
            }
            w.finish();
        }
        store.publish(tablet, txn, version);
    }

    /** Live rows id → name (ids unique in these tests). */
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

    private Map<Long, String> read(TabletStore store, long tablet) throws IOException
    {
        try (TabletSnapshot s = store.snapshot(tablet, store.visibleVersion(tablet))) {
            return read(s);
        }
    }

    private long dataFiles(long tablet) throws IOException
    {
        try (Stream<Path> files = Files.list(root.resolve("tablets").resolve(Long.toString(tablet)).resolve("data"))) {
            return files.count();
        }
    }

    private static Map<Long, String> rows(long from, long to, String tag)
    {
        Map<Long, String> m = new TreeMap<>();
        for (long i = from; i < to; i++) {
            m.put(i, tag + i);
        }
        return m;
    }

    @Test
    void duplicateCumulativeThenBaseCompactionKeepsRowsAndOldSnapshots() throws IOException
    {
        TabletStore store = open();
        store.createTablet(1, SCHEMA, NAMES, KeysModel.DUPLICATE, 0);
        Map<Long, String> expected = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            Map<Long, String> r = rows(i * 100L, i * 100L + 100, "d");
            load(store, 1, 10 + i, 2 + i, r);
            expected.putAll(r);
        }
        TabletSnapshot before = store.snapshot(1, 7);
        assertThat(TabletCompactor.score(store, 1)).isEqualTo(5);
        CompactionResult cumulative = TabletCompactor.compact(store, 1, false, ctx);
        assertThat(cumulative.kind()).isEqualTo(CompactionKind.CUMULATIVE);
        assertThat(cumulative.inputRowsets()).as("the five small rowsets after the base").isEqualTo(5);
        assertThat(store.liveRowsets(1)).hasSize(2);
        assertThat(store.visibleVersion(1)).as("compaction does not publish a version").isEqualTo(7);
        assertThat(read(store, 1)).isEqualTo(expected);
        assertThat(TabletCompactor.compact(store, 1, false, ctx)).as("nothing due").isNull();

        CompactionResult base = TabletCompactor.compact(store, 1, true, ctx);
        assertThat(base.kind()).isEqualTo(CompactionKind.BASE);
        assertThat(store.liveRowsets(1)).hasSize(1);
        try (TabletSnapshot s = store.snapshot(1, 7)) {
            assertThat(s.rowsets()).hasSize(1);
            assertThat(read(s)).isEqualTo(expected);
        }
        try (TabletSnapshot old = store.snapshot(1, 4)) {
            assertThat(read(old)).as("an older version still reads its rowsets before GC").hasSize(300);
        }
        assertThat(read(before)).as("the snapshot taken before compaction").isEqualTo(expected);
        assertThat(before.rowsets()).hasSize(6);

        store.collectGarbage(1);
        assertThat(read(before)).as("GC keeps what an open snapshot uses").isEqualTo(expected);
        before.close();
        store.collectGarbage(1);
        assertThat(dataFiles(1)).as("only the base output is left").isEqualTo(1);
        assertThat(store.metaEntries(1)).isEqualTo(1);
        assertThatThrownBy(() -> store.snapshot(1, 4).close()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("collected");
        store.close();

        TabletStore reopened = open();
        assertThat(read(reopened, 1)).isEqualTo(expected);
        assertThat(reopened.liveRowsets(1)).hasSize(1);
        assertThatThrownBy(() -> reopened.snapshot(1, 4).close()).as("still known after a restart")
                .isInstanceOf(IllegalStateException.class);
        load(reopened, 1, 30, 8, rows(1000, 1010, "n"));
        expected.putAll(rows(1000, 1010, "n"));
        assertThat(read(reopened, 1)).isEqualTo(expected);
        reopened.close();
    }

    /** AGGREGATE tablets compact through the sorted merge: one row per key, SUM and REPLACE folded in version order. */
    @Test
    void aggregateCompactionFoldsKeysInVersionOrder() throws IOException
    {
        List<DataType> schema = List.of(DataType.BIGINT, DataType.BIGINT, DataType.STRING);
        TabletStore store = open();
        store.createTablet(3, schema, List.of("k", "total", "last"), KeysModel.AGGREGATE, 1,
                List.of(io.starling.storage.merge.AggType.NONE, io.starling.storage.merge.AggType.SUM,
                        io.starling.storage.merge.AggType.REPLACE), List.of(0));
        Map<Long, Long> sums = new TreeMap<>();
        Map<Long, String> last = new TreeMap<>();
        for (int v = 0; v < 6; v++) {
            try (RowsetWriter w = store.openRowset(3, 40 + v); ColumnBatch b = ColumnBatch.allocate(schema, ctx)) {
                int n = 0;
                for (long k = v; k < 50; k += 2) {    // sorted keys, overlapping between loads
                    b.column(0).setLong(n, k);
                    b.column(1).setLong(n, k * 10 + v);
                    b.column(2).setString(n, "v" + v);
                    sums.merge(k, k * 10 + v, Long::sum);
                    last.put(k, "v" + v);
                    n++;
                }
                b.setRowCount(n);
                w.append(b);
                w.finish();
            }
            store.publish(3, 40 + v, 2 + v);
        }
        CompactionResult r = TabletCompactor.compact(store, 3, true, ctx);
        assertThat(r).as("AGGREGATE tablets are compacted").isNotNull();
        assertThat(store.liveRowsets(3)).hasSize(1);
        try (TabletSnapshot s = store.snapshot(3, store.visibleVersion(3));
                ColumnVector ks = new ColumnVector(DataType.BIGINT, ColumnBatch.MAX_ROWS, ctx);
                ColumnVector ts = new ColumnVector(DataType.BIGINT, ColumnBatch.MAX_ROWS, ctx);
                ColumnVector ls = new ColumnVector(DataType.STRING, ColumnBatch.MAX_ROWS, ctx)) {
            Map<Long, Long> gotSums = new TreeMap<>();
            Map<Long, String> gotLast = new TreeMap<>();
            long prev = Long.MIN_VALUE;
            for (SegmentReader seg : s.segments()) {
                int n = (int) seg.numRows();
                seg.readColumn(0, 0, n, ks, 0);
                seg.readColumn(1, 0, n, ts, 0);
                seg.readColumn(2, 0, n, ls, 0);
                for (int i = 0; i < n; i++) {
                    assertThat(ks.getLong(i)).as("sorted, one row per key").isGreaterThan(prev);
                    prev = ks.getLong(i);
                    gotSums.put(ks.getLong(i), ts.getLong(i));
                    gotLast.put(ks.getLong(i), ls.getString(i));
                }
            }
            assertThat(gotSums).isEqualTo(sums);
            assertThat(gotLast).isEqualTo(last);
        }
        store.close();
    }

    /** Random upserts/deletes, compactions in between (with the index loaded or dropped), restarts: equal to a map model. */
    @Test
    void primaryCompactionKeepsLiveRowsAndIndex() throws IOException
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("CompactionTest seed " + seed);
        Random rnd = new Random(seed);
        TabletStore store = open();
        store.createTablet(2, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        Map<Long, String> expected = new TreeMap<>();
        long version = 1;
        for (int load = 0; load < 16; load++) {
            Map<Long, String> ops = new TreeMap<>();
            int n = 1 + rnd.nextInt(1500);
            for (int i = 0; i < n; i++) {
                long id = rnd.nextInt(1000);
                String name = rnd.nextInt(4) == 0 ? null : "v" + load + "_" + i;
                ops.put(id, name);
            }
            ops.forEach((id, name) -> {
                if (name == null) {
                    expected.remove(id);
                }
                else {
                    expected.put(id, name);
                }
            });
            load(store, 2, 100 + load, ++version, ops);
            if (load % 5 == 4) {
                if (rnd.nextBoolean()) {
                    store.releaseIdleIndexes(0);
                }
                CompactionResult r = TabletCompactor.compact(store, 2, true, ctx);
                assertThat(r).isNotNull();
                assertThat(r.outputRows()).isEqualTo(expected.size());
                assertThat(store.liveRowsets(2)).hasSizeLessThanOrEqualTo(1);
                store.collectGarbage(2);
            }
            assertThat(read(store, 2)).as("after load %d", load).isEqualTo(expected);
            if (load == 10) {
                store.close();
                store = open();
                assertThat(read(store, 2)).isEqualTo(expected);
            }
        }
        store.close();
    }

    @Test
    void primaryCompactionDetectsRowsReplacedByAConcurrentPublish() throws IOException
    {
        for (boolean indexLoaded : new boolean[] {true, false}) {
            long t = indexLoaded ? 3 : 4;
            TabletStore store = open();
            store.createTablet(t, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
            load(store, t, 1, 2, rows(0, 100, "a"));
            load(store, t, 2, 3, rows(50, 150, "b"));
            // the compaction reads version 3 and writes its output ...
            RowsetMeta output;
            long[] origins;
            List<Long> inputs = new ArrayList<>();
            try (TabletSnapshot snap = store.snapshot(t, 3)) {
                List<String> files = snap.segmentFiles();
                List<DelVector> dvs = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    dvs.add(snap.deleteVector(i));
                }
                snap.rowsets().forEach(r -> inputs.add(r.rowsetId()));
                CompactionInput in = new CompactionInput(t, 3, SCHEMA, KeysModel.PRIMARY, 1, snap.rowsets(), files, snap.segments(), dvs);
                List<Long> o = new ArrayList<>();
                try (RowsetWriter w = store.openCompactionOutput(t); LiveRowSource src = new LiveRowSource(in, ctx)) {
                    ColumnBatch b;
                    while ((b = src.next()) != null) {
                        w.append(b);
                        for (int i = 0; i < b.size(); i++) {
                            o.add(src.lastOrigins()[i]);
                        }
                    }
                    output = w.finish();
                }
                origins = o.stream().mapToLong(Long::longValue).toArray();
            }
            assertThat(output.numRows()).isEqualTo(150);
            // ... while a load replaces keys 0..9 and deletes 140..149
            if (!indexLoaded) {
                store.releaseIdleIndexes(0);
            }
            Map<Long, String> ops = rows(0, 10, "c");
            for (long k = 140; k < 150; k++) {
                ops.put(k, null);
            }
            load(store, t, 3, 4, ops);
            if (!indexLoaded) {
                store.releaseIdleIndexes(0);
                assertThat(store.primaryIndexMemory(t)).isZero();
            }
            TabletSnapshot beforeCommit = store.snapshot(t, 4);
            TabletStore.CompactionCommit commit = store.commitCompaction(t, inputs, output, origins);
            assertThat(commit.racedRows()).as("rows replaced or deleted since the read").isEqualTo(20);

            Map<Long, String> expected = rows(0, 10, "c");
            expected.putAll(rows(10, 50, "a"));
            expected.putAll(rows(50, 140, "b"));
            assertThat(read(store, t)).isEqualTo(expected);
            assertThat(read(beforeCommit)).isEqualTo(expected);
            beforeCommit.close();
            // later loads replace rows that now live in the output
            load(store, t, 4, 5, rows(20, 30, "d"));
            expected.putAll(rows(20, 30, "d"));
            assertThat(read(store, t)).isEqualTo(expected);
            assertThatThrownBy(() -> store.commitCompaction(t, inputs, null, null)).isInstanceOf(CompactionConflictException.class);
            store.close();
            TabletStore reopened = open();
            assertThat(read(reopened, t)).isEqualTo(expected);
            load(reopened, t, 5, 6, rows(30, 31, "e"));
            expected.putAll(rows(30, 31, "e"));
            assertThat(read(reopened, t)).isEqualTo(expected);
            reopened.close();
        }
    }

    @Test
    void crashBetweenOutputWriteAndCommitLeavesOldVersionAndRemovesOutput() throws IOException
    {
        TabletStore store = open();
        store.createTablet(5, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 5, 1, 2, rows(0, 100, "a"));
        load(store, 5, 2, 3, rows(50, 60, "b"));
        long filesBefore = dataFiles(5);
        Map<Long, String> expected = read(store, 5);
        try (TabletSnapshot snap = store.snapshot(5, 3); RowsetWriter w = store.openCompactionOutput(5)) {
            List<DelVector> dvs = new ArrayList<>();
            for (int i = 0; i < snap.segments().size(); i++) {
                dvs.add(snap.deleteVector(i));
            }
            CompactionInput in = new CompactionInput(5, 3, SCHEMA, KeysModel.PRIMARY, 1, snap.rowsets(), snap.segmentFiles(),
                    snap.segments(), dvs);
            try (LiveRowSource src = new LiveRowSource(in, ctx)) {
                ColumnBatch b;
                while ((b = src.next()) != null) {
                    w.append(b);
                }
            }
            w.finish();
        }
        assertThat(dataFiles(5)).isEqualTo(filesBefore + 1);
        // kill -9: a fresh store on the same directory without closing this one
        TabletStore reopened = open();
        assertThat(dataFiles(5)).as("the uncommitted output is unreferenced and removed").isEqualTo(filesBefore);
        assertThat(reopened.liveRowsets(5)).hasSize(2);
        assertThat(read(reopened, 5)).isEqualTo(expected);
        assertThat(TabletCompactor.compact(reopened, 5, true, ctx).outputRows()).isEqualTo(100);
        assertThat(read(reopened, 5)).isEqualTo(expected);
        reopened.close();
        store.close(); // the abandoned instance: releases its index memory and readers
    }

    @Test
    void garbageCollectionWaitsForTheLongRunningSnapshot() throws IOException
    {
        TabletStore store = open();
        store.createTablet(6, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 6, 1, 2, rows(0, 1000, "a"));
        TabletSnapshot longRunning = store.snapshot(6, 2);
        Map<Long, String> expected = rows(0, 1000, "a");
        for (int i = 0; i < 8; i++) {
            Map<Long, String> r = rows(i * 100L, i * 100L + 100, "u" + i + "_");
            load(store, 6, 10 + i, 3 + i, r);
            expected.putAll(r);
        }
        assertThat(TabletCompactor.compact(store, 6, true, ctx).inputRowsets()).isEqualTo(9);
        long files = dataFiles(6);
        assertThat(store.collectGarbage(6)).as("the snapshot pins version 2: nothing retired is collected").isZero();
        assertThat(dataFiles(6)).isEqualTo(files);
        assertThat(read(longRunning)).isEqualTo(rows(0, 1000, "a"));
        longRunning.close();
        assertThat(store.collectGarbage(6)).isEqualTo(9);
        assertThat(dataFiles(6)).isEqualTo(1);
        assertThat(store.metaEntries(6)).isEqualTo(1);
        assertThat(read(store, 6)).isEqualTo(expected);
        store.publish(6, 10, 3); // a repeated publish of a collected transaction is a no-op
        assertThat(read(store, 6)).isEqualTo(expected);
        store.close();
        try (Stream<Path> meta = Files.list(root.resolve("tablets").resolve("6").resolve("data"))) {
            assertThat(meta.count()).isEqualTo(1);
        }
        TabletStore reopened = open();
        assertThat(read(reopened, 6)).isEqualTo(expected);
        reopened.close();
    }

    @Test
    void garbageCollectionKeepsFilesAnOpenSnapshotReadsAtTheSameVersion() throws IOException
    {
        TabletStore store = open();
        store.createTablet(7, SCHEMA, NAMES, KeysModel.DUPLICATE, 0);
        load(store, 7, 1, 2, rows(0, 10, "a"));
        load(store, 7, 2, 3, rows(10, 20, "b"));
        TabletSnapshot same = store.snapshot(7, 3);
        TabletCompactor.compact(store, 7, true, ctx);
        assertThat(store.collectGarbage(7)).as("retired rowsets are collected, files queued").isEqualTo(2);
        assertThat(dataFiles(7)).isEqualTo(3);
        assertThat(read(same)).hasSize(20);
        same.close();
        assertThat(dataFiles(7)).as("deleted when the last snapshot using them closed").isEqualTo(1);
        store.close();
    }

    @Test
    void tooManyVersionsRejectsLoadsUntilCompactionCatchesUp() throws IOException
    {
        TabletStore store = open();
        store.setMaxVersions(3);
        store.createTablet(8, SCHEMA, NAMES, KeysModel.DUPLICATE, 0);
        for (int i = 0; i < 4; i++) {
            load(store, 8, 1 + i, 2 + i, rows(i * 10L, i * 10L + 10, "a"));
        }
        assertThat(store.versionCount(8)).isEqualTo(4);
        assertThatThrownBy(() -> store.openRowset(8, 9)).isInstanceOf(TooManyVersionsException.class)
                .hasMessage("Too many versions. tablet_id: 8, version_count: 4, limit: 3");
        assertThat(store.pendingTxns(8)).isEmpty();
        assertThat(read(store, 8)).hasSize(40);
        TabletCompactor.compact(store, 8, true, ctx);
        assertThat(store.versionCount(8)).isEqualTo(1);
        load(store, 8, 9, 6, rows(100, 110, "b"));
        assertThat(read(store, 8)).hasSize(50);
        store.close();
    }

    @Test
    void primaryRowsetsWithEveryRowDeletedAreDropped() throws IOException
    {
        TabletStore store = open();
        store.createTablet(9, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 9, 1, 2, rows(0, 50, "a"));
        Map<Long, String> deletes = new TreeMap<>();
        for (long k = 0; k < 50; k++) {
            deletes.put(k, null);
        }
        load(store, 9, 2, 3, deletes);
        assertThat(TabletCompactor.score(store, 9)).isGreaterThan(1);
        CompactionResult r = TabletCompactor.compact(store, 9, false, ctx);
        assertThat(r.outputRows()).isZero();
        assertThat(store.liveRowsets(9)).isEmpty();
        assertThat(read(store, 9)).isEmpty();
        store.collectGarbage(9);
        assertThat(dataFiles(9)).isZero();
        store.close();
    }
}
