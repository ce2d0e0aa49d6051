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
 * {@link SegmentReader#dictPage} exposes exactly what a full read decodes (dictionary entry of each row's code, NULL
 * flags), is null for PLAIN-fallback pages, and {@link SegmentReader#readColumnSelected} on VARLEN columns (DICT by
 * random access, PLAIN by covering range) writes the full read's strings at the selected rows; compressed and not,
 * selections crossing page boundaries.
 */
class DictPageTest
{
    private static final long SEED = 4242L;
    private static final String[] MODES = {"MAIL", "SHIP", "AIR", "REG AIR", "TRUCK", "RAIL", "FOB", ""};
    private static final List<DataType> TYPES = List.of(
            DataType.varchar(10),    // 8 distinct values with NULLs: DICT
            DataType.varchar(40));   // nearly unique: PLAIN fallback

    @TempDir
    Path dir;

    @Test
    void dictionaryViewAndSelectedStringsMatchFullRead() throws Exception
    {
        System.out.println("DictPageTest seed " + SEED);
        for (boolean compressed : new boolean[] {false, true}) {
            check(compressed);
        }
    }

    private void check(boolean compressed) throws Exception
    {
        Random rnd = new Random(SEED);
        MemoryContext ctx = MemoryContext.process().newChild("dict-page");
        Path file = dir.resolve("d" + compressed + ".seg");
        int total = 60_000;
        try (SegmentWriter w = new SegmentWriter(file, TYPES, ctx, compressed ? Codecs.LZ4 : Codecs.NONE)) {
            for (int done = 0; done < total; done += ColumnBatch.MAX_ROWS) {
                int n = Math.min(ColumnBatch.MAX_ROWS, total - done);
                try (ColumnBatch b = ColumnBatch.allocate(TYPES, n, ctx)) {
                    for (int r = 0; r < n; r++) {
                        if (rnd.nextInt(20) == 0) {
                            b.column(0).setNull(r, true);
                        }
                        else {
                            b.column(0).setString(r, MODES[rnd.nextInt(MODES.length)]);
                        }
                        b.column(1).setString(r, "comment " + rnd.nextLong());
                    }
                    b.setRowCount(n);
                    w.append(b);
                }
            }
            w.finish();
        }
        try (SegmentReader r = SegmentReader.open(file)) {
            int dictPages = 0;
            for (int p = 0; p < r.pageCount(0); p++) {
                DictPage d = r.dictPage(0, p);
                assertThat(d).as("page %d of the low-cardinality column", p).isNotNull();
                dictPages++;
                RowRange range = r.pageRowRange(0, p);
                assertThat(d.firstRow()).isEqualTo(range.firstRow());
                int n = (int) Math.min(range.numRows(), 4096);
                try (ColumnVector full = new ColumnVector(TYPES.get(0), n, ctx);
                        ColumnVector dict = new ColumnVector(TYPES.get(0), Math.max(1, d.dictSize()), ctx)) {
                    r.readColumn(0, range.firstRow(), n, full, 0);
                    d.dictionaryInto(dict);
                    int[] codes = new int[n];
                    d.codes(0, n, codes);
                    for (int i = 0; i < n; i++) {
                        assertThat(d.isNull(i)).isEqualTo(full.isNull(i));
                        if (!full.isNull(i)) {
                            assertThat(dict.getString(codes[i])).isEqualTo(full.getString(i));
                        }
                    }
                }
            }
            assertThat(dictPages).isPositive();
            for (int p = 0; p < r.pageCount(1); p++) {
                assertThat(r.dictPage(1, p)).as("PLAIN page %d", p).isNull();
            }
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
                        for (int k = 0; k < n; k++) {
                            int i = rows[k];
                            assertThat(sel.isNull(i)).as("col %d row %d null", c, i).isEqualTo(full.isNull(i));
                            if (!full.isNull(i)) {
                                assertThat(sel.getString(i)).as("col %d row %d", c, i).isEqualTo(full.getString(i));
                            }
                        }
                        for (int i = 1; n > 0 && i <= rows[n - 1]; i++) {
                            assertThat(sel.getOffset(i)).as("col %d offsets monotonic at %d", c, i).isGreaterThanOrEqualTo(sel.getOffset(i - 1));
                        }
                    }
                }
            }
        }
        ctx.close();
    }
}
