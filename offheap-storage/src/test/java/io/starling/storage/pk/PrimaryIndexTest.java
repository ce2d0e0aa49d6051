package io.starling.storage.pk;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PrimaryIndexTest
{
    @Test
    void putRemoveAndMemoryAccounting()
    {
        MemoryContext parent = MemoryContext.process().newChild("pk-index-test");
        MemoryContext ctx = parent.newChild("idx");
        PrimaryIndex idx = new PrimaryIndex(ctx);
        byte[] k1 = {1, 2, 3};
        byte[] k2 = {1, 2, 4};
        assertThat(idx.put(k1, PrimaryIndex.location(0, 5))).isEqualTo(PrimaryIndex.NONE);
        assertThat(idx.put(k2, PrimaryIndex.location(1, 7))).isEqualTo(PrimaryIndex.NONE);
        long old = idx.put(new byte[] {1, 2, 3}, PrimaryIndex.location(2, 9));
        assertThat(PrimaryIndex.segmentOf(old)).isZero();
        assertThat(PrimaryIndex.rowOf(old)).isEqualTo(5);
        assertThat(idx.size()).isEqualTo(2);
        assertThat(ctx.used()).isEqualTo(2 * (3 + PrimaryIndex.ENTRY_OVERHEAD_BYTES)).isEqualTo(idx.memoryBytes());
        assertThat(PrimaryIndex.rowOf(idx.remove(k2))).isEqualTo(7);
        assertThat(idx.remove(k2)).isEqualTo(PrimaryIndex.NONE);
        assertThat(idx.get(k1)).isEqualTo(PrimaryIndex.location(2, 9));
        assertThat(PrimaryIndex.rowOf(PrimaryIndex.location(3, Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        idx.close();
        assertThat(parent.used()).isZero();
        parent.close();
    }

    @Test
    void keyEncodingOrdersLikeSql()
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("PrimaryIndexTest seed " + seed);
        Random rnd = new Random(seed);
        MemoryContext ctx = MemoryContext.process().newChild("key-enc");
        List<DataType> schema = List.of(DataType.INT, DataType.STRING, DataType.DOUBLE);
        int n = 500;
        try (ColumnVector a = new ColumnVector(DataType.INT, n, ctx);
                ColumnVector b = new ColumnVector(DataType.STRING, n, ctx);
                ColumnVector c = new ColumnVector(DataType.DOUBLE, n, ctx)) {
            List<Object[]> rows = new ArrayList<>();
            String[] strings = {"", "a", "a\0", "a\0b", "ab", "b", "\u00ff"};
            for (int i = 0; i < n; i++) {
                Integer x = rnd.nextInt(10) == 0 ? null : rnd.nextInt(7) - 3 + (rnd.nextBoolean() ? Integer.MIN_VALUE / 2 : 0);
                String s = strings[rnd.nextInt(strings.length)];
                double d = rnd.nextInt(5) - 2 + (rnd.nextBoolean() ? 0.5 : -0.0);
                a.setNull(i, x == null);
                if (x != null) {
                    a.setInt(i, x);
                }
                b.setString(i, s);
                c.setDouble(i, d);
                rows.add(new Object[] {x, s, d});
            }
            KeyEncoder enc = KeyEncoder.prefix(schema, 3);
            ColumnVector[] cols = {a, b, c};
            for (int t = 0; t < 2000; t++) {
                int i = rnd.nextInt(n);
                int j = rnd.nextInt(n);
                int expected = Integer.signum(compare(rows.get(i), rows.get(j)));
                int actual = Integer.signum(java.util.Arrays.compareUnsigned(enc.encode(cols, i), enc.encode(cols, j)));
                assertThat(actual).as("%s vs %s", java.util.Arrays.toString(rows.get(i)), java.util.Arrays.toString(rows.get(j))).isEqualTo(expected);
            }
        }
        ctx.close();
    }

    private static int compare(Object[] x, Object[] y)
    {
        Integer a = (Integer) x[0];
        Integer b = (Integer) y[0];
        if (a == null || b == null) {
            if (a != b) {
                return a == null ? -1 : 1;
            }
        }
        else if (!a.equals(b)) {
            return Integer.compare(a, b);
        }
        int s = java.util.Arrays.compareUnsigned(((String) x[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ((String) y[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (s != 0) {
            return s;
        }
        double p = (Double) x[2] == 0 ? 0 : (Double) x[2];
        double q = (Double) y[2] == 0 ? 0 : (Double) y[2];
        return Double.compare(p, q);
    }
}
