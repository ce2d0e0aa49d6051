package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PkMemTable;
import io.starling.storage.pk.UpdateMode;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** PRIMARY tablets with an {@link UpdateMode}: partial updates and merge conditions resolved at publish. */
class PartialUpdateTabletTest
{
    private static final List<DataType> SCHEMA = List.of(DataType.BIGINT, DataType.BIGINT, DataType.STRING);
    private static final List<String> NAMES = List.of("id", "ver", "name");
    private static final boolean[] ID_NAME = {true, false, true};
    private static final boolean[] ID_VER = {true, true, false};

    @TempDir
    Path root;

    private final MemoryContext ctx = MemoryContext.process().newChild("partial-test");

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

    /** A row: ver or name null means NULL (or "not given" in a partial load). */
    private record Row(long id, Long ver, String name)
    {
    }

    private void load(TabletStore store, long txn, UpdateMode mode, Row... rows) throws IOException
    {
        try (RowsetWriter w = store.openRowset(1, txn);
                PkMemTable mem = new PkMemTable(SCHEMA, 1, ctx);
                ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            if (mode != null) {
                w.setUpdateMode(mode);
            }
            for (Row r : rows) {
                b.reset();
                b.column(0).setLong(0, r.id());
                if (r.ver() == null) {
                    b.column(1).setNull(0, true);
                }
                else {
                    b.column(1).setLong(0, r.ver());
                }
                if (r.name() == null) {
                    b.column(2).setNull(0, true);
                }
                else {
                    b.column(2).setString(0, r.name());
                }
                b.setRowCount(1);
                mem.add(b, 0, false);
            }
            mem.flush(w);
            w.finish();
        }
    }

    /** Live rows at {@code version} as "ver,name" by id. */
    private Map<Long, String> read(TabletStore store, long version) throws IOException
    {
        Map<Long, String> out = new TreeMap<>();
        try (TabletSnapshot snap = store.snapshot(1, version);
                ColumnBatch b = ColumnBatch.allocate(SCHEMA, ctx)) {
            for (int s = 0; s < snap.segments().size(); s++) {
                SegmentReader r = snap.segments().get(s);
                DelVector dv = snap.deleteVector(s);
                for (long row = 0; row < r.numRows(); row += ColumnBatch.MAX_ROWS) {
                    int n = (int) Math.min(ColumnBatch.MAX_ROWS, r.numRows() - row);
                    b.reset();
                    for (int c = 0; c < SCHEMA.size(); c++) {
                        r.readColumn(c, row, n, b.column(c), 0);
                    }
                    for (int i = 0; i < n; i++) {
                        if (dv != null && dv.isDeleted((int) (row + i))) {
                            continue;
                        }
                        ColumnVector ver = b.column(1);
                        ColumnVector name = b.column(2);
                        String v = (ver.isNull(i) ? "NULL" : String.valueOf(ver.getLong(i))) + ","
                                + (name.isNull(i) ? "NULL" : name.getString(i));
                        assertThat(out.put(b.column(0).getLong(i), v)).as("id live twice").isNull();
                    }
                }
            }
            assertThat(out).hasSize((int) snap.liveRows());
        }
        return out;
    }

    @Test
    void partialUpdatesOfConcurrentLoadsApplyInPublishOrder() throws IOException
    {
        TabletStore store = open();
        store.createTablet(1, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 10, null, new Row(1, 10L, "a"), new Row(2, 20L, "b"));
        store.publish(1, 10, 2);
        // both loads are written before either publishes: each must still see the other's columns
        load(store, 11, new UpdateMode(ID_NAME, -1), new Row(1, null, "a2"), new Row(3, null, "c"));
        load(store, 12, new UpdateMode(ID_VER, -1), new Row(1, 11L, null), new Row(2, 21L, null));
        store.publish(1, 11, 3);
        store.publish(1, 12, 4);
        assertThat(read(store, 2)).isEqualTo(Map.of(1L, "10,a", 2L, "20,b"));
        assertThat(read(store, 3)).isEqualTo(Map.of(1L, "10,a2", 2L, "20,b", 3L, "NULL,c"));
        Map<Long, String> v4 = Map.of(1L, "11,a2", 2L, "21,b", 3L, "NULL,c");
        assertThat(read(store, 4)).isEqualTo(v4);
        store.close();
        TabletStore reopened = open();
        assertThat(read(reopened, 4)).isEqualTo(v4);
        reopened.close();
    }

    @Test
    void mergeConditionKeepsNewerAndDropsOlderRows() throws IOException
    {
        TabletStore store = open();
        store.createTablet(1, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        load(store, 10, null, new Row(1, 10L, "a"), new Row(2, 20L, "b"), new Row(3, null, "c"));
        store.publish(1, 10, 2);
        UpdateMode byVer = new UpdateMode(null, 1);
        load(store, 11, byVer, new Row(1, 9L, "older"), new Row(2, 20L, "same"), new Row(3, 1L, "over-null"),
                new Row(4, 1L, "new"));
        store.publish(1, 11, 3);
        Map<Long, String> v3 = Map.of(1L, "10,a", 2L, "20,same", 3L, "1,over-null", 4L, "1,new");
        assertThat(read(store, 3)).isEqualTo(v3);
        // a conditional partial update, left pending across a restart: the mode is durable with the rowset
        load(store, 12, new UpdateMode(ID_VER, 1), new Row(1, 12L, null), new Row(2, 5L, null));
        store.close();
        TabletStore reopened = open();
        reopened.publish(1, 12, 4);
        assertThat(read(reopened, 4)).isEqualTo(Map.of(1L, "12,a", 2L, "20,same", 3L, "1,over-null", 4L, "1,new"));
        reopened.close();
        TabletStore third = open();
        assertThat(read(third, 4)).isEqualTo(Map.of(1L, "12,a", 2L, "20,same", 3L, "1,over-null", 4L, "1,new"));
        third.close();
    }

    @Test
    void updateModeRoundTripsAndComparesWithNullLowest()
    {
        UpdateMode m = new UpdateMode(ID_NAME, 1);
        assertThat(UpdateMode.parse(m.serialize())).isEqualTo(m);
        assertThat(UpdateMode.parse(new UpdateMode(null, -1).serialize()).isPlain()).isTrue();
        try (ColumnVector v = new ColumnVector(DataType.STRING, 4, ctx)) {
            v.setNull(0, true);
            v.setString(1, "b");
            v.setString(2, "ab");
            v.setString(3, "é");
            assertThat(UpdateMode.compare(v, 0, v, 1)).isNegative();
            assertThat(UpdateMode.compare(v, 1, v, 2)).isPositive();
            assertThat(UpdateMode.compare(v, 3, v, 1)).isPositive();
            assertThat(UpdateMode.compare(v, 0, v, 0)).isZero();
        }
    }
}
