package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link MergeIterator} (with {@link RowCombiner} and {@link SortPermutation}) against a row-by-row Java model of
 * each table model: random rows with repeated keys and NULLs, spread over several sorted runs.
 */
class MergeIteratorTest
{
    private static final List<DataType> TYPES = List.of(DataType.INT, DataType.varchar(20), DataType.BIGINT, DataType.INT,
            DataType.varchar(20), DataType.INT, DataType.INT, DataType.DOUBLE);
    private static final List<AggType> AGGS = List.of(AggType.NONE, AggType.NONE, AggType.SUM, AggType.MIN, AggType.MAX,
            AggType.REPLACE, AggType.REPLACE_IF_NOT_NULL, AggType.SUM);
    private static final int[] KEYS = {0, 1};
    private static final long SEED = Long.getLong("tests.seed", 20261124L);

    /** A run over batches built in memory (what a sorted segment yields). */
    private static final class ListRun implements SortedRun
    {
        private final Iterator<ColumnBatch> it;
        private final boolean tombstones;

        ListRun(List<ColumnBatch> batches, boolean tombstones)
        {
            this.it = batches.iterator();
            this.tombstones = tombstones;
        }

        @Override
        public ColumnBatch next()
        {
            return it.hasNext() ? it.next() : null;
        }

        @Override
        public boolean tombstones()
        {
            return tombstones;
        }
    }

    private static final Comparator<Object[]> KEY_ORDER = Comparator.<Object[], Integer>comparing(r -> (Integer) r[0],
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(r -> (String) r[1], Comparator.nullsFirst(Comparator.naturalOrder()));

    private static Object[] randomRow(Random rnd)
    {
        Object[] r = new Object[TYPES.size()];
        r[0] = rnd.nextInt(10) == 0 ? null : rnd.nextInt(20) - 5;
        r[1] = rnd.nextInt(10) == 0 ? null : "k" + rnd.nextInt(4);
        r[2] = rnd.nextInt(5) == 0 ? null : (long) rnd.nextInt(1000) - 300;
        r[3] = rnd.nextInt(5) == 0 ? null : rnd.nextInt(1000) - 300;
        r[4] = rnd.nextInt(5) == 0 ? null : "v" + rnd.nextInt(100);
        r[5] = rnd.nextInt(5) == 0 ? null : rnd.nextInt(1000);
        r[6] = rnd.nextInt(3) == 0 ? null : rnd.nextInt(1000);
        r[7] = rnd.nextInt(5) == 0 ? null : (double) rnd.nextInt(64) / 4;
        return r;
    }

    private static List<ColumnBatch> toBatches(List<Object[]> rows, MemoryContext ctx)
    {
        List<ColumnBatch> out = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += ColumnBatch.MAX_ROWS) {
            int n = Math.min(ColumnBatch.MAX_ROWS, rows.size() - start);
            ColumnBatch b = ColumnBatch.allocate(TYPES, ctx);
            for (int i = 0; i < n; i++) {
                Object[] r = rows.get(start + i);
                for (int c = 0; c < TYPES.size(); c++) {
                    ColumnVector v = b.column(c);
                    Object x = r[c];
                    if (x == null) {
                        v.setNull(i, true);
                    }
                    else if (x instanceof Integer iv) {
                        v.setInt(i, iv);
                    }
                    else if (x instanceof Long lv) {
                        v.setLong(i, lv);
                    }
                    else if (x instanceof Double dv) {
                        v.setDouble(i, dv);
                    }
                    else {
                        v.setString(i, (String) x);
                    }
                }
            }
            b.setRowCount(n);
            out.add(b);
        }
        return out;
    }

    private static Object value(ColumnVector v, int row)
    {
        if (v.isNull(row)) {
            return null;
        }
        return switch (v.type().kind()) {
            case INT -> v.getInt(row);
            case BIGINT -> v.getLong(row);
            case DOUBLE -> v.getDouble(row);
            default -> v.getString(row);
        };
    }

    /** Folds one row into the model state of its key (AGGREGATE semantics, nulls ignored except by REPLACE). */
    private static Object[] fold(Object[] acc, Object[] r)
    {
        if (acc == null) {
            return r.clone();
        }
        Object[] a = acc.clone();
        a[2] = r[2] == null ? a[2] : a[2] == null ? r[2] : (Long) a[2] + (Long) r[2];
        a[3] = r[3] == null ? a[3] : a[3] == null ? r[3] : Math.min((Integer) a[3], (Integer) r[3]);
        a[4] = r[4] == null ? a[4] : a[4] == null ? r[4] : ((String) a[4]).compareTo((String) r[4]) >= 0 ? a[4] : r[4];
        a[5] = r[5];
        a[6] = r[6] == null ? a[6] : r[6];
        a[7] = r[7] == null ? a[7] : a[7] == null ? r[7] : (Double) a[7] + (Double) r[7];
        return a;
    }

    private static List<Object[]> drain(MergeIterator it) throws Exception
    {
        List<Object[]> out = new ArrayList<>();
        for (ColumnBatch b = it.next(); b != null; b = it.next()) {
            try (ColumnBatch owned = b) {
                for (int i = 0; i < owned.rowCount(); i++) {
                    Object[] r = new Object[TYPES.size()];
                    for (int c = 0; c < TYPES.size(); c++) {
                        r[c] = value(owned.column(c), i);
                    }
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static String show(List<Object[]> rows)
    {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(Arrays.toString(r)).append('\n'));
        return sb.toString();
    }

    @Test
    void aggregateAndUniqueMatchTheModel() throws Exception
    {
        System.out.println("MergeIteratorTest seed " + SEED);
        Random rnd = new Random(SEED);
        for (int round = 0; round < 14; round++) {
            for (KeysModel model : List.of(KeysModel.AGGREGATE, KeysModel.UNIQUE, KeysModel.DUPLICATE)) {
                try (MemoryContext ctx = MemoryContext.process().newChild("merge-test")) {
                    int runCount = 1 + rnd.nextInt(5);
                    List<SortedRun> runs = new ArrayList<>();
                    Map<List<Object>, Object[]> model0 = new TreeMap<>((a, b) -> KEY_ORDER.compare(a.toArray(), b.toArray()));
                    List<Object[]> all = new ArrayList<>();
                    for (int r = 0; r < runCount; r++) {
                        boolean tomb = model == KeysModel.UNIQUE && rnd.nextInt(4) == 0;
                        int n = rnd.nextInt(round < 10 ? 50 : 9000);
                        List<Object[]> rows = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            Object[] row = randomRow(rnd);
                            if (tomb) {
                                for (int c = 2; c < row.length; c++) {
                                    row[c] = null;
                                }
                            }
                            rows.add(row);
                        }
                        // the run is written through the memtable's sort (stable: arrival order among equal keys)
                        List<ColumnBatch> unsorted = toBatches(rows, ctx);
                        int[] order = unsorted.isEmpty() ? new int[0] : SortPermutation.sort(unsorted, KEYS);
                        List<Object[]> sorted = new ArrayList<>();
                        for (int ref : order) {
                            sorted.add(rows.get(ref));
                        }
                        unsorted.forEach(ColumnBatch::close);
                        List<Object[]> check = new ArrayList<>(rows);
                        check.sort(KEY_ORDER);
                        assertEquals(show(check), show(sorted), "sort permutation");
                        runs.add(new ListRun(toBatches(sorted, ctx), tomb));
                        for (Object[] row : rows) {
                            List<Object> key = Arrays.asList(row[0], row[1]);
                            all.add(row);
                            switch (model) {
                                case AGGREGATE -> model0.put(key, fold(model0.get(key), row));
                                case UNIQUE -> {
                                    if (tomb) {
                                        model0.remove(key);
                                    }
                                    else {
                                        model0.put(key, row);
                                    }
                                }
                                default -> {
                                }
                            }
                        }
                    }
                    List<Object[]> expected = new ArrayList<>(model0.values());
                    if (model == KeysModel.DUPLICATE) {
                        expected = new ArrayList<>();
                        // stable by key, then run order: a sort of all rows in arrival order
                        expected.addAll(all);
                        expected.sort(KEY_ORDER);
                    }
                    try (MergeIterator it = MergeIterator.open(runs, model, TYPES, KEYS, AGGS, ctx)) {
                        List<Object[]> got = drain(it);
                        assertEquals(show(expected), show(got), model + " round " + round + " seed " + SEED);
                    }
                }
            }
        }
    }

    @Test
    void sumOfLargeIntCarriesAcrossWords() throws Exception
    {
        List<DataType> types = List.of(DataType.INT, DataType.LARGEINT);
        try (MemoryContext ctx = MemoryContext.process().newChild("merge-test")) {
            List<SortedRun> runs = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                ColumnBatch b = ColumnBatch.allocate(types, ctx);
                b.column(0).setInt(0, 1);
                b.column(1).setInt128(0, -1L, 0);   // 2^64 - 1
                b.setRowCount(1);
                runs.add(new ListRun(List.of(b), false));
            }
            try (MergeIterator it = MergeIterator.open(runs, KeysModel.AGGREGATE, types, new int[] {0}, List.of(AggType.NONE, AggType.SUM), ctx);
                    ColumnBatch out = it.next()) {
                assertEquals(1, out.rowCount());
                assertEquals(-2L, out.column(1).getInt128Low(0));
                assertEquals(1L, out.column(1).getInt128High(0));
                assertEquals(null, it.next());
            }
        }
    }
}
