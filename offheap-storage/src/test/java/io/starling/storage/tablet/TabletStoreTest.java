package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TabletStoreTest
{
    private static final List<DataType> SCHEMA = List.of(DataType.BIGINT, DataType.STRING);
    private static final List<String> NAMES = List.of("id", "name");

    @TempDir
    Path root;

    private final MemoryContext ctx = MemoryContext.process().newChild("tablet-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    private TabletStore open() throws IOException
    {
        return new TabletStore(root, 10_000, ctx);
    }

    /** Writes rows {@code [from, from + n)} with id = row, name = "n" + row for txn. */
    private RowsetMeta load(TabletStore store, long tablet, long txn, long from, int n) throws IOException
    {
        try (RowsetWriter w = store.openRowset(tablet, txn);
                ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            for (int done = 0; done < n; done += ColumnBatch.MAX_ROWS) {
                int k = Math.min(ColumnBatch.MAX_ROWS, n - done);
                b.reset();
                for (int i = 0; i < k; i++) {
                    b.column(0).setLong(i, from + done + i);
                    b.column(1).setString(i, "n" + (from + done + i));
                }
                b.setRowCount(k);
                w.append(b);
            }
            return w.finish();
        }
    }

    private long sumIds(TabletSnapshot snap)
    {
        long sum = 0;
        try (ColumnVector v = new ColumnVector(DataType.BIGINT, ColumnBatch.MAX_ROWS, ctx)) {
            for (SegmentReader r : snap.segments()) {
                for (long row = 0; row < r.numRows(); row += ColumnBatch.MAX_ROWS) {
                    int n = (int) Math.min(ColumnBatch.MAX_ROWS, r.numRows() - row);
                    r.readColumn(0, row, n, v, 0);
                    for (int i = 0; i < n; i++) {
                        sum += v.getLong(i);
                    }
                }
            }
        }
        return sum;
    }

    private static long sumRange(long from, long n)
    {
        return (from + from + n - 1) * n / 2;
    }

    @Test
    void writePublishSnapshotIsolationAndRestart() throws IOException
    {
        TabletStore store = open();
        store.createTablet(7, SCHEMA, NAMES);
        store.createTablet(7, SCHEMA, NAMES); // idempotent
        assertThat(store.visibleVersion(7)).isEqualTo(1);

        RowsetMeta r1 = load(store, 7, 100, 0, 25_000);
        assertThat(r1.numRows()).isEqualTo(25_000);
        assertThat(r1.segmentFiles()).as("rolls every 10k rows").hasSize(3);
        assertThat(store.pendingTxns(7)).containsExactly(100L);
        try (TabletSnapshot empty = store.snapshot(7, 1)) {
            assertThat(empty.numRows()).as("pending rows are invisible").isZero();
        }
        store.publish(7, 100, 2);
        store.publish(7, 100, 2); // idempotent
        assertThat(store.visibleVersion(7)).isEqualTo(2);

        TabletSnapshot v2 = store.snapshot(7, 2);
        load(store, 7, 101, 25_000, 5_000);
        store.publish(7, 101, 3);
        store.publish(7, 102, 4); // a txn without rows for this tablet still advances the version
        assertThat(store.visibleVersion(7)).isEqualTo(4);

        assertThat(v2.numRows()).isEqualTo(25_000);
        assertThat(sumIds(v2)).isEqualTo(sumRange(0, 25_000));
        try (TabletSnapshot v4 = store.snapshot(7, 4); TabletSnapshot v3 = store.snapshot(7, 3)) {
            assertThat(v4.numRows()).isEqualTo(30_000);
            assertThat(sumIds(v4)).isEqualTo(sumRange(0, 30_000));
            assertThat(v3.segments()).hasSize(4);
            assertThat(v4.segments().get(0)).as("readers are shared").isSameAs(v2.segments().get(0));
            assertThat(v4.columnNames()).isEqualTo(NAMES);
        }
        v2.close();
        assertThatThrownBy(() -> store.snapshot(7, 5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.publish(7, 103, 4)).isInstanceOf(IllegalStateException.class);
        store.close();

        TabletStore reopened = open();
        assertThat(reopened.listTablets()).containsExactly(7L);
        assertThat(reopened.visibleVersion(7)).isEqualTo(4);
        reopened.publish(7, 101, 3); // still idempotent after restart
        try (TabletSnapshot v4 = reopened.snapshot(7, 4)) {
            assertThat(sumIds(v4)).isEqualTo(sumRange(0, 30_000));
            assertThat(v4.schema()).isEqualTo(SCHEMA);
        }
        // new rowset ids do not collide with existing files
        load(reopened, 7, 104, 0, 10);
        reopened.publish(7, 104, 5);
        try (TabletSnapshot v5 = reopened.snapshot(7, 5)) {
            assertThat(v5.numRows()).isEqualTo(30_010);
        }
        reopened.close();
    }

    @Test
    void pendingRowsetsSurviveRestartAndCanBeAborted() throws IOException
    {
        TabletStore store = open();
        store.createTablet(1, SCHEMA, NAMES);
        store.createTablet(2, SCHEMA, NAMES);
        load(store, 1, 10, 0, 100);
        load(store, 2, 11, 0, 100);
        store.close();

        TabletStore reopened = open();
        assertThat(reopened.pendingTxns(1)).containsExactly(10L);
        assertThat(reopened.pendingTxns(2)).containsExactly(11L);
        reopened.abortPendingExcept(Set.of(10L));
        assertThat(reopened.pendingTxns(2)).isEmpty();
        assertThat(dataFiles(2)).isEmpty();
        reopened.publish(1, 10, 2);
        try (TabletSnapshot s = reopened.snapshot(1, 2)) {
            assertThat(s.numRows()).isEqualTo(100);
        }
        reopened.close();
    }

    @Test
    void recoveryCleansLeftoversAndDropsBrokenPendingRecords() throws IOException
    {
        TabletStore store = open();
        store.createTablet(3, SCHEMA, NAMES);
        RowsetMeta published = load(store, 3, 20, 0, 50);
        store.publish(3, 20, 2);
        RowsetMeta broken = load(store, 3, 21, 0, 50);
        RowsetMeta published2 = load(store, 3, 22, 0, 50);
        store.publish(3, 22, 3);
        store.close();

        Path tablet = root.resolve("tablets/3");
        // crash leftovers: a temp meta, an orphan segment, a temp pending record, a half-created tablet
        Files.writeString(tablet.resolve("meta.tmp"), "partial");
        Files.writeString(tablet.resolve("data/999_0.seg"), "orphan");
        Files.writeString(tablet.resolve("pending/23.pending.tmp"), "partial");
        Files.createDirectories(root.resolve("tablets/4/data"));
        // a published txn whose pending file was not yet removed when the process died
        Files.write(tablet.resolve("pending/22.pending"), TabletMeta.serializePending(3, published2));
        // a pending rowset whose segment got corrupted
        Path seg = tablet.resolve("data").resolve(broken.segmentFiles().get(0));
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length - 20] ^= 1;
        Files.write(seg, bytes);

        TabletStore reopened = open();
        assertThat(reopened.listTablets()).containsExactly(3L);
        assertThat(Files.exists(root.resolve("tablets/4"))).isFalse();
        assertThat(reopened.pendingTxns(3)).isEmpty();
        assertThat(Files.exists(tablet.resolve("meta.tmp"))).isFalse();
        assertThat(listNames(tablet.resolve("pending"))).isEmpty();
        assertThat(dataFiles(3)).containsExactlyInAnyOrderElementsOf(
                Stream.concat(published.segmentFiles().stream(), published2.segmentFiles().stream()).toList());
        try (TabletSnapshot s = reopened.snapshot(3, 3)) {
            assertThat(s.numRows()).isEqualTo(100);
        }
        reopened.close();
    }

    @Test
    void dropWaitsForOpenSnapshots() throws IOException
    {
        TabletStore store = open();
        store.createTablet(5, SCHEMA, NAMES);
        load(store, 5, 1, 0, 1000);
        store.publish(5, 1, 2);
        TabletSnapshot snap = store.snapshot(5, 2);
        store.dropTablet(5);
        assertThat(store.listTablets()).isEmpty();
        assertThatThrownBy(() -> store.snapshot(5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sumIds(snap)).as("an open snapshot still reads").isEqualTo(sumRange(0, 1000));
        assertThat(listNames(root.resolve("trash"))).hasSize(1);
        snap.close();
        assertThat(listNames(root.resolve("trash"))).isEmpty();
        store.dropTablet(5); // no-op
        store.createTablet(5, SCHEMA, NAMES); // the id can be reused
        assertThat(store.visibleVersion(5)).isEqualTo(1);
        store.close();

        assertThat(open().visibleVersion(5)).isEqualTo(1);
    }

    @Test
    void abortedAndUnfinishedWritersLeaveNothing() throws IOException
    {
        TabletStore store = open();
        store.createTablet(6, SCHEMA, NAMES);
        try (RowsetWriter w = store.openRowset(6, 1);
                ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            b.column(0).setLong(0, 1);
            b.column(1).setString(0, "x");
            b.setRowCount(1);
            w.append(b);
            assertThat(dataFiles(6)).hasSize(1);
        }
        assertThat(dataFiles(6)).isEmpty();
        assertThat(store.pendingTxns(6)).isEmpty();
        load(store, 6, 2, 0, 10);
        store.abortPending(6, 2);
        assertThat(dataFiles(6)).isEmpty();
        assertThatThrownBy(() -> store.createTablet(6, List.of(DataType.INT), List.of("x"))).isInstanceOf(IllegalStateException.class);
        store.close();
    }

    private List<String> dataFiles(long tablet) throws IOException
    {
        return listNames(root.resolve("tablets/" + tablet + "/data"));
    }

    private static List<String> listNames(Path dir) throws IOException
    {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
