package io.starling.storage.index.shortkey;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ShortKeyIndexTest
{
    @Test
    void encoderFollowsStarRocksLimits()
    {
        assertThat(ShortKeyEncoder.of(List.of(DataType.INT, DataType.BIGINT, DataType.varchar(20), DataType.INT)).columns()).isEqualTo(3);
        assertThat(ShortKeyEncoder.of(List.of(DataType.varchar(20), DataType.INT)).columns()).isEqualTo(1);
        assertThat(ShortKeyEncoder.of(List.of(DataType.INT, DataType.DOUBLE)).columns()).isEqualTo(1);
        assertThat(ShortKeyEncoder.of(List.of(DataType.LARGEINT, DataType.LARGEINT, DataType.INT)).columns()).isEqualTo(2);
    }

    /** Random sorted (k1 INT, k2 VARCHAR) data: every range the index returns contains every qualifying row. */
    @Test
    void rangesContainAllQualifyingRows()
    {
        long seed = 7;
        Random rnd = new Random(seed);
        int n = 10_000;
        int[] k1 = new int[n];
        String[] k2 = new String[n];
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {rnd.nextInt(200) - 100, "s" + rnd.nextInt(50)});
        }
        rows.sort((a, b) -> {
            int c = Integer.compare((Integer) a[0], (Integer) b[0]);
            return c != 0 ? c : ((String) a[1]).compareTo((String) b[1]);
        });
        try (MemoryContext ctx = MemoryContext.process().newChild("sk-test");
                ColumnVector a = new ColumnVector(DataType.INT, n, ctx);
                ColumnVector b = new ColumnVector(DataType.varchar(10), n, ctx)) {
            for (int i = 0; i < n; i++) {
                k1[i] = (Integer) rows.get(i)[0];
                k2[i] = (String) rows.get(i)[1];
                a.setInt(i, k1[i]);
                b.setString(i, k2[i]);
            }
            ShortKeyEncoder enc = ShortKeyEncoder.of(List.of(DataType.INT, DataType.varchar(10)));
            ShortKeyIndex.Builder builder = new ShortKeyIndex.Builder(enc, 128);
            for (int i = 0; i < n; i++) {
                builder.add(new ColumnVector[] {a, b}, i);
            }
            ShortKeyIndex idx = builder.build();
            ByteSink out = new ByteSink();
            idx.writeTo(out);
            idx = ShortKeyIndex.readFrom(new ByteSource(out.segment().asSlice(0, out.size())));
            for (int q = 0; q < 200; q++) {
                int lo = rnd.nextInt(220) - 110;
                int hi = lo + rnd.nextInt(30);
                long[] r = idx.rowRange(enc.encodeBound(List.of(lo)), enc.encodeBound(List.of(hi)));
                for (int i = 0; i < n; i++) {
                    if (k1[i] >= lo && k1[i] <= hi) {
                        assertThat(i).as("seed %d, [%d, %d]", seed, lo, hi).isBetween((int) r[0], (int) r[1] - 1);
                    }
                }
                assertThat(r[1] - r[0]).isLessThanOrEqualTo(countBetween(k1, lo, hi) + 2L * 128);
                String s = "s" + rnd.nextInt(50);
                long[] eq = idx.rowRange(enc.encodeBound(List.of(lo, s)), enc.encodeBound(List.of(lo, s)));
                for (int i = 0; i < n; i++) {
                    if (k1[i] == lo && k2[i].equals(s)) {
                        assertThat(i).isBetween((int) eq[0], (int) eq[1] - 1);
                    }
                }
            }
        }
    }

    private static long countBetween(int[] k, int lo, int hi)
    {
        return Arrays.stream(k).filter(v -> v >= lo && v <= hi).count();
    }

    @Test
    void unsortedRowsYieldNoIndex()
    {
        try (MemoryContext ctx = MemoryContext.process().newChild("sk-test2");
                ColumnVector a = new ColumnVector(DataType.BIGINT, 3, ctx)) {
            a.setLong(0, 1);
            a.setLong(1, -5);
            a.setLong(2, 9);
            ShortKeyIndex.Builder b = new ShortKeyIndex.Builder(ShortKeyEncoder.of(List.of(DataType.BIGINT)), 1024);
            for (int i = 0; i < 3; i++) {
                b.add(new ColumnVector[] {a}, i);
            }
            assertThat(b.sorted()).isFalse();
            assertThat(b.build()).isNull();
            // negative numbers sort before positive ones in the encoding
            ShortKeyEncoder e = ShortKeyEncoder.of(List.of(DataType.BIGINT));
            assertThat(Arrays.compareUnsigned(e.encodeRow(new ColumnVector[] {a}, 1), e.encodeRow(new ColumnVector[] {a}, 0))).isNegative();
            a.setNull(0, true);
            assertThat(Arrays.compareUnsigned(e.encodeRow(new ColumnVector[] {a}, 0), e.encodeRow(new ColumnVector[] {a}, 1))).isNegative();
        }
    }
}
