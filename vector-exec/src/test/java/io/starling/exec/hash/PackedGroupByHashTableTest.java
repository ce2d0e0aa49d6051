package io.starling.exec.hash;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PackedGroupByHashTable} against the generic {@link SerializedGroupByHashTable} on the same input: the
 * same group ids (both number groups in first-seen order) and the same keys written back, with NULLs, negative
 * integers, empty strings, a selection vector, and a string longer than its declared length arriving mid-stream
 * (migration to the serialized table must keep the ids).
 */
class PackedGroupByHashTableTest
{
    private static final long SEED = 4242L;
    private static final List<DataType> TYPES = List.of(DataType.chr(1), DataType.varchar(3), DataType.SMALLINT, DataType.TINYINT);

    private MemoryContext ctx;

    @BeforeEach
    void open()
    {
        ctx = MemoryContext.process().newChild("packed-test");
    }

    @AfterEach
    void close()
    {
        ctx.close();
    }

    @Test
    void eligibility()
    {
        assertThat(PackedGroupByHashTable.supports(List.of(DataType.chr(1), DataType.chr(1)))).isTrue();
        assertThat(PackedGroupByHashTable.supports(TYPES)).isTrue();
        assertThat(PackedGroupByHashTable.supports(List.of(DataType.INT, DataType.INT))).as("66 bits").isFalse();
        assertThat(PackedGroupByHashTable.supports(List.of(DataType.varchar(8)))).isFalse();
        assertThat(PackedGroupByHashTable.supports(List.of(DataType.BIGINT, DataType.TINYINT))).isFalse();
        assertThat(GroupByHashTable.create(List.of(DataType.chr(1), DataType.chr(1)), new MemoryAccount(ctx)))
                .isInstanceOf(PackedGroupByHashTable.class);
    }

    @Test
    void sameGroupsAsSerializedTable()
    {
        run(false);
    }

    @Test
    void migratesWhenAStringExceedsItsDeclaredLength()
    {
        run(true);
    }

    private void run(boolean overlong)
    {
        System.out.println("PackedGroupByHashTableTest seed " + SEED);
        Random rnd = new Random(SEED);
        try (MemoryAccount a1 = new MemoryAccount(ctx); MemoryAccount a2 = new MemoryAccount(ctx);
                PackedGroupByHashTable packed = new PackedGroupByHashTable(TYPES, a1);
                SerializedGroupByHashTable reference = new SerializedGroupByHashTable(TYPES, a2)) {
            for (int b = 0; b < 6; b++) {
                int rows = 1 + rnd.nextInt(ColumnBatch.MAX_ROWS);
                try (ColumnBatch batch = ColumnBatch.allocate(TYPES, rows, ctx)) {
                    fill(batch, rows, rnd, overlong && b == 2);
                    if (b % 2 == 1) {
                        int[] sel = new int[rows];
                        int n = 0;
                        for (int r = 0; r < rows; r++) {
                            if (rnd.nextInt(3) != 0) {
                                sel[n++] = r;
                            }
                        }
                        batch.setSelection(sel, n);
                    }
                    int[] got = new int[ColumnBatch.MAX_ROWS];
                    int[] want = new int[ColumnBatch.MAX_ROWS];
                    packed.findOrInsert(batch.columns(), batch, got);
                    reference.findOrInsert(batch.columns(), batch, want);
                    assertThat(Arrays.copyOf(got, batch.size())).isEqualTo(Arrays.copyOf(want, batch.size()));
                }
            }
            assertThat(packed.groupCount()).isEqualTo(reference.groupCount()).isGreaterThan(100);
            assertThat(keys(packed)).isEqualTo(keys(reference));
        }
    }

    private static void fill(ColumnBatch batch, int rows, Random rnd, boolean overlong)
    {
        ColumnVector flag = batch.column(0);
        ColumnVector code = batch.column(1);
        ColumnVector small = batch.column(2);
        ColumnVector tiny = batch.column(3);
        for (int r = 0; r < rows; r++) {
            if (rnd.nextInt(20) == 0) {
                flag.setNull(r, true);
            }
            else {
                flag.setBytes(r, new byte[] {(byte) "ANR".charAt(rnd.nextInt(3))});
            }
            if (rnd.nextInt(25) == 0) {
                code.setNull(r, true);
            }
            else {
                String s = overlong && r == rows / 2 ? "long" : "abc".substring(0, rnd.nextInt(4));
                code.setBytes(r, s.getBytes(StandardCharsets.UTF_8));
            }
            if (rnd.nextInt(30) == 0) {
                small.setNull(r, true);
            }
            else {
                small.setLongValue(r, rnd.nextInt(9) - 4 + (rnd.nextBoolean() ? Short.MIN_VALUE : 0));
            }
            tiny.setLongValue(r, rnd.nextInt(5) - 2);
        }
        batch.setRowCount(rows);
    }

    private List<String> keys(GroupByHashTable t)
    {
        int n = t.groupCount();
        List<String> out = new ArrayList<>();
        try (ColumnBatch keys = ColumnBatch.allocate(TYPES, n, ctx)) {
            t.writeKeys(0, n, keys.columns());
            for (int r = 0; r < n; r++) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < TYPES.size(); c++) {
                    ColumnVector v = keys.column(c);
                    sb.append(v.isNull(r) ? "NULL" : c < 2 ? v.getString(r) : Long.toString(v.getLongValue(r))).append('|');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
