package io.starling.exec.hash;

import io.starling.exec.expr.Values;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed join gathers must give exactly what the generic per-row {@link ColumnVector#copyFrom} gives. */
class JoinGatherTest
{
    private static final long SEED = 20261123L;
    private static final int ROWS = 1000;
    private static final List<DataType> TYPES = List.of(DataType.BOOLEAN, DataType.SMALLINT, DataType.INT, DataType.FLOAT,
            DataType.BIGINT, DataType.DOUBLE, DataType.decimal(15, 2), DataType.decimal(27, 3), DataType.LARGEINT,
            DataType.varchar(20), DataType.DATE);

    private MemoryContext ctx;

    @BeforeEach
    void open()
    {
        ctx = MemoryContext.process().newChild("join-gather-test");
    }

    @AfterEach
    void close()
    {
        ctx.close();
    }

    @Test
    void gathersEveryTypeWithAndWithoutNulls()
    {
        System.out.println("JoinGatherTest seed " + SEED);
        Random rnd = new Random(SEED);
        for (DataType type : TYPES) {
            for (boolean nulls : new boolean[] {false, true}) {
                try (ColumnVector src = filled(type, rnd, nulls)) {
                    int[] rows = new int[ROWS];
                    for (int j = 0; j < ROWS; j++) {
                        rows[j] = rnd.nextInt(ROWS);
                    }
                    try (ColumnVector typed = new ColumnVector(type, ROWS, ctx); ColumnVector generic = new ColumnVector(type, ROWS, ctx)) {
                        JoinGather.gather(src, rows, ROWS, typed);
                        for (int j = 0; j < ROWS; j++) {
                            generic.copyFrom(src, rows[j], j);
                        }
                        assertSame(type + " nulls=" + nulls, generic, typed);
                    }
                }
            }
        }
    }

    @Test
    void gathersBuildRowsAcrossChunksWithOuterNulls()
    {
        Random rnd = new Random(SEED + 1);
        int total = RowStore.CHUNK_ROWS + ROWS;
        try (RowStore store = new RowStore(TYPES, ctx)) {
            ColumnVector[] src = new ColumnVector[TYPES.size()];
            try {
                for (int c = 0; c < src.length; c++) {
                    src[c] = filled(TYPES.get(c), rnd, c % 2 == 0);
                }
                for (int i = 0; i < total; i++) {
                    store.append(src, i % ROWS);
                }
                int[] ids = new int[ROWS];
                for (int j = 0; j < ROWS; j++) {
                    ids[j] = rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(total);
                }
                for (int c = 0; c < src.length; c++) {
                    try (ColumnVector typed = new ColumnVector(TYPES.get(c), ROWS, ctx);
                            ColumnVector generic = new ColumnVector(TYPES.get(c), ROWS, ctx)) {
                        JoinGather.gatherBuild(store, c, ids, ROWS, typed);
                        for (int j = 0; j < ROWS; j++) {
                            if (ids[j] < 0) {
                                generic.setNull(j, true);
                            }
                            else {
                                generic.copyFrom(src[c], ids[j] % ROWS, j);
                            }
                        }
                        assertSame(TYPES.get(c).toString(), generic, typed);
                    }
                }
            }
            finally {
                for (ColumnVector v : src) {
                    if (v != null) {
                        v.close();
                    }
                }
            }
        }
    }

    private ColumnVector filled(DataType type, Random rnd, boolean nulls)
    {
        ColumnVector v = new ColumnVector(type, ROWS, ctx);
        for (int i = 0; i < ROWS; i++) {
            if (nulls && rnd.nextInt(7) == 0) {
                v.setNull(i, true);
                continue;
            }
            switch (type.physical()) {
                case BYTE -> v.setByte(i, (byte) rnd.nextInt(2));
                case SHORT -> v.setShort(i, (short) rnd.nextInt());
                case INT -> v.setInt(i, rnd.nextInt());
                case FLOAT -> v.setFloat(i, rnd.nextFloat());
                case LONG -> v.setLong(i, rnd.nextLong());
                case DOUBLE -> v.setDouble(i, rnd.nextDouble());
                case INT128 -> v.setInt128(i, rnd.nextLong(), rnd.nextLong());
                default -> v.setString(i, "s" + rnd.nextInt(1 << rnd.nextInt(20)));
            }
        }
        return v;
    }

    private static void assertSame(String what, ColumnVector expected, ColumnVector actual)
    {
        for (int j = 0; j < ROWS; j++) {
            assertThat(actual.isNull(j)).as(what + " null " + j).isEqualTo(expected.isNull(j));
            if (!expected.isNull(j)) {
                assertThat(Values.read(actual, j)).as(what + " row " + j).isEqualTo(Values.read(expected, j));
            }
        }
    }
}
