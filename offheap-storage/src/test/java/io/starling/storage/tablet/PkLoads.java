package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PkMemTable;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Test loads into (id BIGINT, name STRING) PRIMARY tablets, with a model of the expected live rows. */
final class PkLoads
{
    static final List<DataType> SCHEMA = List.of(DataType.BIGINT, DataType.STRING);
    static final List<String> NAMES = List.of("id", "name");

    private PkLoads()
    {
    }

    /** One operation of a load: upsert (id, name) or delete id (name null). */
    record Op(long id, String name)
    {
    }

    /** Random upserts (4 in 5) and deletes of ids below {@code keys}, applied to {@code model} too. */
    static List<Op> randomOps(Random rnd, int n, int keys, String tag, Map<Long, String> model)
    {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = rnd.nextInt(keys);
            if (rnd.nextInt(5) == 0) {
                ops.add(new Op(id, null));
                model.remove(id);
            }
            else {
                String name = tag + "_" + i;
                ops.add(new Op(id, name));
                model.put(id, name);
            }
        }
        return ops;
    }

    /** Writes the rowset of {@code txn} through a memtable, flushing every {@code flushEvery} ops. */
    static void load(TabletStore store, MemoryContext ctx, long tablet, long txn, List<Op> ops, int flushEvery) throws IOException
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

    /** Live rows of the visible version, id → name. */
    static Map<Long, String> read(TabletStore store, MemoryContext ctx, long tablet) throws IOException
    {
        Map<Long, String> out = new TreeMap<>();
        try (TabletSnapshot snap = store.snapshot(tablet, store.visibleVersion(tablet));
                ColumnVector ids = new ColumnVector(DataType.BIGINT, ColumnBatch.MAX_ROWS, ctx);
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
                        if (dv == null || !dv.isDeleted((int) (row + i))) {
                            if (out.put(ids.getLong(i), names.getString(i)) != null) {
                                throw new AssertionError("id " + ids.getLong(i) + " live twice");
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
