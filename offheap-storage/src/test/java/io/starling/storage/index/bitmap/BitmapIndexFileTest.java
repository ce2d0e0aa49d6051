package io.starling.storage.index.bitmap;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.compress.Codecs;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.CorruptSegmentException;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.segment.SegmentWriter;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitmapIndexFileTest
{
    @TempDir
    Path dir;

    /** A segment at {@code <dir>/t/data/1_0.seg}: (i % 7 or NULL every 10th row, "v" + i % 3). */
    private Path segment(int n) throws IOException
    {
        Path data = Files.createDirectories(dir.resolve("t").resolve("data"));
        Path file = data.resolve("1_0.seg");
        List<DataType> types = List.of(DataType.INT, DataType.varchar(8));
        try (MemoryContext ctx = MemoryContext.process().newChild("bmi");
                SegmentWriter w = new SegmentWriter(file, types, ctx, Codecs.LZ4);
                ColumnBatch b = ColumnBatch.allocate(types, n, ctx)) {
            for (int i = 0; i < n; i++) {
                if (i % 10 == 0) {
                    b.column(0).setNull(i, true);
                }
                else {
                    b.column(0).setInt(i, i % 7);
                }
                b.column(1).setString(i, "v" + i % 3);
            }
            b.setRowCount(n);
            w.append(b);
            w.finish();
        }
        return file;
    }

    @Test
    void buildReadAndQuery() throws IOException
    {
        int n = 20_000;
        Path seg = segment(n);
        try (MemoryContext ctx = MemoryContext.process().newChild("bmi2"); SegmentReader r = SegmentReader.open(seg)) {
            assertThat(BitmapIndexFile.read(seg, 0, DataType.INT, n)).isNull();
            Path f0 = BitmapIndexFile.build(r, 0, ctx);
            BitmapIndexFile.build(r, 1, ctx);
            assertThat(f0).isEqualTo(dir.resolve("t/index/1_0.seg.c0.bmi"));
            BitmapIndex ints = BitmapIndexFile.read(seg, 0, DataType.INT, n);
            BitmapIndex strs = BitmapIndexFile.read(seg, 1, DataType.varchar(8), n);
            assertThat(ints.cardinality()).isEqualTo(7);
            assertThat(strs.cardinality()).isEqualTo(3);
            RoaringBitmap eq3 = ints.rowsIn(List.of(3L));
            RoaringBitmap notIn = ints.rowsNotIn(List.of(3, 4));
            RoaringBitmap v1 = strs.rowsIn(List.of("v1", "zz"));
            for (int i = 0; i < n; i++) {
                boolean isNull = i % 10 == 0;
                assertThat(eq3.contains(i)).isEqualTo(!isNull && i % 7 == 3);
                assertThat(notIn.contains(i)).isEqualTo(!isNull && i % 7 != 3 && i % 7 != 4);
                assertThat(v1.contains(i)).isEqualTo(i % 3 == 1);
                assertThat(ints.nullRows().contains(i)).isEqualTo(isNull);
            }
        }
    }

    @Test
    void corruptFileIsReportedWithItsName() throws IOException
    {
        Path seg = segment(100);
        try (MemoryContext ctx = MemoryContext.process().newChild("bmi3"); SegmentReader r = SegmentReader.open(seg)) {
            Path f = BitmapIndexFile.build(r, 1, ctx);
            byte[] b = Files.readAllBytes(f);
            b[30] ^= 4;
            Files.write(f, b);
            assertThatThrownBy(() -> BitmapIndexFile.read(seg, 1, DataType.varchar(8), 100))
                    .isInstanceOf(CorruptSegmentException.class).hasMessageContaining(f.toString()).hasMessageContaining("checksum");
            BitmapIndexFile.build(r, 1, ctx);
            assertThatThrownBy(() -> BitmapIndexFile.read(seg, 1, DataType.varchar(8), 99))
                    .isInstanceOf(CorruptSegmentException.class);
            BitmapIndexFile.delete(seg, 1);
            assertThat(BitmapIndexFile.read(seg, 1, DataType.varchar(8), 100)).isNull();
        }
    }
}
