package io.starling.storage.segment;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codecs;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SegmentReader#readColumnSelected} (late materialization) writes exactly what a full {@link
 * SegmentReader#readColumn} of the same range holds at the selected rows, values and nulls, for BIT_PACKED,
 * PLAIN and compressed pages and selections crossing page boundaries.
 */
class SegmentSelectedReadTest
{
    private static final long SEED = 77L;
    private static final List<DataType> TYPES = List.of(
            DataType.INT,                // small range: BIT_PACKED
            DataType.BIGINT,             // random: PLAIN
            DataType.DOUBLE,             // PLAIN
            DataType.decimal(15, 2),     // LONG, with nulls
            DataType.SMALLINT);          // constant-ish: RLE or BIT_PACKED

    @TempDir
    Path dir;

    @Test
    void selectedRowsMatchFullRead() throws Exception
    {
        System.out.println("SegmentSelectedReadTest seed " + SEED);
        for (boolean compressed : new boolean[] {false, true}) {
            check(compressed);
        }
    }

    private void check(boolean compressed) throws Exception
    {
        Random rnd = new Random(SEED);
        MemoryContext ctx = MemoryContext.process().newChild("selected-read");
        Path file = dir.resolve("s" + compressed + ".seg");
        int total = 50_000;
        try (SegmentWriter w = new SegmentWriter(file, TYPES, ctx, compressed ? Codecs.LZ4 : Codecs.NONE)) {
            for (int done = 0; done < total; done += ColumnBatch.MAX_ROWS) {
                int n = Math.min(ColumnBatch.MAX_ROWS, total - done);
                try (ColumnBatch b = ColumnBatch.allocate(TYPES, n, ctx)) {
                    for (int r = 0; r < n; r++) {
                        b.column(0).setInt(r, rnd.nextInt(1000));
                        b.column(1).setLong(r, rnd.nextLong());
                        b.column(2).setDouble(r, rnd.nextDouble());
                        if (rnd.nextInt(10) == 0) {
                            b.column(3).setNull(r, true);
                        }
                        else {
                            b.column(3).setLong(r, rnd.nextInt(100_000));
                        }
                        b.column(4).setShort(r, (short) ((done + r) / 5000));
                    }
                    b.setRowCount(n);
                    w.append(b);
                }
            }
            w.finish();
        }
        try (SegmentReader r = SegmentReader.open(file)) {
            for (int trial = 0; trial < 40; trial++) {
                long first = rnd.nextInt(total - ColumnBatch.MAX_ROWS);
                int count = ColumnBatch.MAX_ROWS;
                int[] rows = new int[count];
                int n = 0;
                int keepOneIn = 1 + rnd.nextInt(50);
                for (int i = 0; i < count; i++) {
                    if (rnd.nextInt(keepOneIn) == 0) {
                        rows[n++] = i;
                    }
                }
                for (int c = 0; c < TYPES.size(); c++) {
                    try (ColumnVector full = new ColumnVector(TYPES.get(c), count, ctx);
                            ColumnVector sel = new ColumnVector(TYPES.get(c), count, ctx)) {
                        r.readColumn(c, first, count, full, 0);
                        r.readColumnSelected(c, first, rows, n, sel);
                        int next = 0;
                        for (int i = 0; i < count; i++) {
                            boolean selected = next < n && rows[next] == i;
                            if (selected) {
                                next++;
                                assertThat(sel.isNull(i)).as("col %d row %d null", c, i).isEqualTo(full.isNull(i));
                                if (!full.isNull(i)) {
                                    assertThat(value(sel, i)).as("col %d row %d", c, i).isEqualTo(value(full, i));
                                }
                            }
                        }
                    }
                }
            }
        }
        ctx.close();
    }

    private static long value(ColumnVector v, int row)
    {
        return switch (v.physical()) {
            case DOUBLE -> Double.doubleToLongBits(v.getDouble(row));
            default -> v.getLongValue(row);
        };
    }
}
