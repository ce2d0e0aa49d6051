package io.starling.storage.batch;

import io.starling.storage.memory.MemoryContext;
import io.starling.storage.testing.TestData;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnVectorTest
{
    private final MemoryContext ctx = MemoryContext.process().newChild("vector-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    @Test
    void typedAccessorsRoundTripAllTypes()
    {
        Random rnd = new Random(TestData.seed("typedAccessorsRoundTripAllTypes"));
        for (DataType t : TestData.ALL_TYPES) {
            try (ColumnVector a = new ColumnVector(t, 1000, ctx); ColumnVector b = new ColumnVector(t, 1000, ctx)) {
                TestData.fill(a, 0, 1000, rnd, 0, 0.2);
                for (int i = 0; i < 1000; i++) {
                    b.copyFrom(a, i, i);
                }
                TestData.assertSameRows(a, 0, b, 0, 1000, t.toString());
            }
        }
    }

    @Test
    void nullsAndFlags()
    {
        try (ColumnVector v = new ColumnVector(DataType.INT, 200, ctx)) {
            assertThat(v.hasNulls()).isFalse();
            assertThat(v.isNull(5)).isFalse();
            v.setNull(130, true);
            assertThat(v.hasNulls()).isTrue();
            assertThat(v.isNull(130)).isTrue();
            assertThat(v.isNull(129)).isFalse();
            assertThat(v.isNull(199)).isFalse();
            v.setNull(130, false);
            assertThat(v.isNull(130)).isFalse();
            v.resetNulls();
            assertThat(v.hasNulls()).isFalse();
        }
    }

    @Test
    void varlenBufferGrowsAndKeepsValues()
    {
        try (ColumnVector v = new ColumnVector(DataType.STRING, 100, ctx)) {
            long initial = v.bytes().byteSize();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                sb.append("abcdefghij");
                v.setString(i, sb.toString());
            }
            assertThat(v.bytes().byteSize()).isGreaterThan(initial);
            for (int i = 0; i < 100; i++) {
                assertThat(v.getLength(i)).isEqualTo(10 * (i + 1));
            }
            assertThat(v.getString(99)).hasSize(1000).startsWith("abcdefghij");
            v.setNull(50, true);
            v.resetVarlen();
            v.setString(0, "again");
            assertThat(v.getString(0)).isEqualTo("again");
        }
    }

    @Test
    void batchSelectionAndReset()
    {
        try (ColumnBatch b = ColumnBatch.allocate(List.of(DataType.BIGINT, DataType.STRING), ctx)) {
            assertThat(b.column(0).capacity()).isEqualTo(ColumnBatch.MAX_ROWS);
            for (int i = 0; i < 10; i++) {
                b.column(0).setLong(i, i);
                b.column(1).setString(i, "s" + i);
            }
            b.setRowCount(10);
            assertThat(b.size()).isEqualTo(10);
            b.setSelection(new int[] {1, 4, 7, 0}, 3);
            assertThat(b.size()).isEqualTo(3);
            assertThat(b.position(2)).isEqualTo(7);
            b.reset();
            assertThat(b.size()).isZero();
            assertThat(b.selection()).isNull();
        }
    }
}
