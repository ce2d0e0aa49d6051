package io.starling.storage.segment;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codecs;
import io.starling.storage.index.zonemap.ZoneMap;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.testing.TestData;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentRoundTripTest
{
    @TempDir
    Path dir;

    private final MemoryContext ctx = MemoryContext.process().newChild("segment-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    @Test
    void randomBatchesOfAllTypesRoundTrip() throws IOException
    {
        long seed = TestData.seed("randomBatchesOfAllTypesRoundTrip");
        Random rnd = new Random(seed);
        for (int round = 0; round < 4; round++) {
            List<DataType> types = TestData.ALL_TYPES;
            int totalRows = switch (round) {
                case 0 -> 0;
                case 1 -> 1;
                default -> 20_000 + rnd.nextInt(60_000);
            };
            int shape = rnd.nextInt(4);
            double nullRate = round == 3 ? 0.3 : 0.02;
            Path file = dir.resolve("seg" + round + ".seg");
            // expected holds every logical row appended, in order
            try (ColumnBatch expected = ColumnBatch.allocate(types, Math.max(1, totalRows), ctx)) {
                try (SegmentWriter w = new SegmentWriter(file, types, ctx, round % 2 == 0 ? Codecs.LZ4 : Codecs.NONE)) {
                    int written = 0;
                    while (written < totalRows) {
                        int n = Math.min(totalRows - written, 1 + rnd.nextInt(ColumnBatch.MAX_ROWS));
                        try (ColumnBatch b = ColumnBatch.allocate(types, ctx)) {
                            int physical = Math.min(ColumnBatch.MAX_ROWS, n + rnd.nextInt(100));
                            for (int c = 0; c < types.size(); c++) {
                                TestData.fill(b.column(c), 0, physical, rnd, shape, nullRate);
                            }
                            b.setRowCount(physical);
                            boolean select = rnd.nextBoolean();
                            if (select) {
                                // keep n of the physical rows, ascending
                                int[] sel = new int[n];
                                int k = 0;
                                for (int r = 0; r < physical && k < n; r++) {
                                    if (physical - r == n - k || rnd.nextBoolean()) {
                                        sel[k++] = r;
                                    }
                                }
                                b.setSelection(sel, n);
                            }
                            else {
                                b.setRowCount(n);
                            }
                            for (int i = 0; i < n; i++) {
                                for (int c = 0; c < types.size(); c++) {
                                    expected.column(c).copyFrom(b.column(c), b.position(i), written + i);
                                }
                            }
                            w.append(b);
                        }
                        written += n;
                    }
                    SegmentInfo info = w.finish();
                    assertThat(info.numRows()).isEqualTo(totalRows);
                    assertThat(info.bytes()).isEqualTo(java.nio.file.Files.size(file));
                }
                verify(file, types, expected, totalRows, rnd, "round " + round + " seed " + seed);
            }
        }
    }

    private void verify(Path file, List<DataType> types, ColumnBatch expected, int totalRows, Random rnd, String context) throws IOException
    {
        try (SegmentReader r = SegmentReader.open(file)) {
            assertThat(r.numRows()).isEqualTo(totalRows);
            assertThat(r.columnCount()).isEqualTo(types.size());
            for (int c = 0; c < types.size(); c++) {
                assertThat(r.columnType(c)).isEqualTo(types.get(c));
                ColumnVector exp = expected.column(c);
                // ordinal index covers all rows; page zone maps agree with the data; segment zone map = merge
                long next = 0;
                ZoneMap merged = ZoneMap.empty(types.get(c).physical());
                for (int p = 0; p < r.pageCount(c); p++) {
                    RowRange range = r.pageRowRange(c, p);
                    assertThat(range.firstRow()).isEqualTo(next);
                    next = range.endRow();
                    ZoneMap expectedZone = ZoneMap.builder(types.get(c).physical()).add(exp, (int) range.firstRow(), (int) range.numRows()).build();
                    assertThat(r.pageZoneMap(c, p)).as(context + " col " + c + " page " + p).isEqualTo(expectedZone);
                    merged = merged.merge(r.pageZoneMap(c, p));
                }
                assertThat(next).isEqualTo(totalRows);
                assertThat(r.columnZoneMap(c)).isEqualTo(merged);

                // whole column in 4096-row batches, then random ranges
                try (ColumnVector dst = new ColumnVector(types.get(c), ColumnBatch.MAX_ROWS, ctx)) {
                    for (int start = 0; start < totalRows; start += ColumnBatch.MAX_ROWS) {
                        int n = Math.min(ColumnBatch.MAX_ROWS, totalRows - start);
                        dst.resetNulls();
                        dst.resetVarlen();
                        r.readColumn(c, start, n, dst, 0);
                        TestData.assertSameRows(exp, start, dst, 0, n, context + " col " + types.get(c) + " from " + start);
                    }
                    for (int k = 0; k < 5 && totalRows > 0; k++) {
                        int first = rnd.nextInt(totalRows);
                        int n = 1 + rnd.nextInt(Math.min(ColumnBatch.MAX_ROWS - 10, totalRows - first));
                        dst.resetNulls();
                        dst.resetVarlen();
                        for (int i = 0; i < 10; i++) {
                            dst.setNull(i, true);
                        }
                        r.readColumn(c, first, Math.min(n, ColumnBatch.MAX_ROWS - 10), dst, 10);
                        TestData.assertSameRows(exp, first, dst, 10, Math.min(n, ColumnBatch.MAX_ROWS - 10), context + " col " + c + " range " + first);
                    }
                }
            }
        }
    }

    @Test
    void pagesAreSizedByType() throws IOException
    {
        Path file = dir.resolve("pages.seg");
        List<DataType> types = List.of(DataType.TINYINT, DataType.BIGINT, DataType.LARGEINT, DataType.STRING);
        int rows = 70_000;
        try (SegmentWriter w = new SegmentWriter(file, types, ctx, Codecs.LZ4);
                ColumnBatch b = ColumnBatch.allocate(types, ctx)) {
            Random rnd = new Random(1);
            for (int written = 0; written < rows; written += ColumnBatch.MAX_ROWS) {
                int n = Math.min(ColumnBatch.MAX_ROWS, rows - written);
                b.reset();
                for (int i = 0; i < n; i++) {
                    b.column(0).setByte(i, (byte) rnd.nextInt());
                    b.column(1).setLong(i, rnd.nextLong());
                    b.column(2).setInt128(i, rnd.nextLong(), rnd.nextLong());
                    b.column(3).setString(i, "some repetitive text " + (written + i));
                }
                b.setRowCount(n);
                w.append(b);
            }
            w.finish();
        }
        try (SegmentReader r = SegmentReader.open(file)) {
            assertThat(r.pageRowRange(0, 0).numRows()).isEqualTo(65536);
            assertThat(r.pageRowRange(1, 0).numRows()).isEqualTo(8192);
            assertThat(r.pageRowRange(2, 0).numRows()).isEqualTo(4096);
            assertThat(r.pageCount(0)).isEqualTo(2);
            // strings close a page at 64 KiB of raw bytes
            long stringRows = r.pageRowRange(3, 0).numRows();
            assertThat(stringRows).isBetween(2000L, 3500L);
        }
    }
}
