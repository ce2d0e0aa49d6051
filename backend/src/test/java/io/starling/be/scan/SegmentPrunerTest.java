package io.starling.be.scan;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.compress.Codecs;
import io.starling.storage.index.bitmap.BitmapIndexFile;
import io.starling.storage.index.zonemap.ZoneMapPredicate;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.CorruptSegmentException;
import io.starling.storage.segment.RowRange;
import io.starling.storage.segment.SegmentIndexSpec;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.segment.SegmentWriter;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pruning by short key, bitmap, zone map and bloom filter on one segment, with the counters per index. */
class SegmentPrunerTest
{
    static final int N = 100_000;
    static final int[] IDENTITY = {0, 1, 2};

    @TempDir
    static Path dir;
    static Path segment;

    static long b(long i)
    {
        return i * 7919 % 100_003;
    }

    static String c(long i)
    {
        return "c" + i / 30_000;
    }

    /** (k INT sorted 0..N-1, c VARCHAR in 4 runs, b BIGINT scattered): short key on k, bitmap on c, bloom on b. */
    @BeforeAll
    static void write() throws IOException
    {
        Path data = Files.createDirectories(dir.resolve("t1/data"));
        segment = data.resolve("1_0.seg");
        List<DataType> types = List.of(DataType.INT, DataType.varchar(8), DataType.BIGINT);
        SegmentIndexSpec spec = new SegmentIndexSpec(1, List.of(2), 0.01, List.of(1));
        try (MemoryContext ctx = MemoryContext.process().newChild("pruner-test");
                SegmentWriter w = new SegmentWriter(segment, types, ctx, Codecs.LZ4, spec)) {
            for (int from = 0; from < N; from += ColumnBatch.MAX_ROWS) {
                int n = Math.min(ColumnBatch.MAX_ROWS, N - from);
                try (ColumnBatch batch = ColumnBatch.allocate(types, ctx)) {
                    for (int i = 0; i < n; i++) {
                        batch.column(0).setInt(i, from + i);
                        batch.column(1).setString(i, c(from + i));
                        batch.column(2).setLong(i, b(from + i));
                    }
                    batch.setRowCount(n);
                    w.append(batch);
                }
            }
            w.finish();
            try (SegmentReader r = SegmentReader.open(segment)) {
                BitmapIndexFile.build(r, 1, ctx);
            }
        }
    }

    private static List<RowRange> prune(ScanStats stats, ZonePredicate... preds) throws IOException
    {
        try (SegmentReader r = SegmentReader.open(segment)) {
            return SegmentPruner.survivingRanges(r, IDENTITY, List.of(preds), stats);
        }
    }

    private static void assertCovers(List<RowRange> ranges, LongPredicate qualifies)
    {
        int ri = 0;
        for (long i = 0; i < N; i++) {
            if (qualifies.test(i)) {
                while (ri < ranges.size() && ranges.get(ri).endRow() <= i) {
                    ri++;
                }
                assertThat(ri < ranges.size() && ranges.get(ri).firstRow() <= i).as("row %d kept", i).isTrue();
            }
        }
    }

    @Test
    void shortKeyTurnsARangeIntoRows() throws IOException
    {
        ScanStats stats = new ScanStats();
        List<RowRange> r = prune(stats, new ZonePredicate(0, ZoneMapPredicate.between(PhysicalType.INT, 50_000L, 50_010L), "between"));
        assertCovers(r, i -> i >= 50_000 && i <= 50_010);
        assertThat(SegmentPruner.rows(r)).isLessThanOrEqualTo(2 * 1024);
        assertThat(stats.shortKeyRowsSkipped()).isGreaterThanOrEqualTo(N - 2 * 1024);

        ScanStats eq = new ScanStats();
        r = prune(eq, new ZonePredicate(0, ZoneMapPredicate.compare(ZoneMapPredicate.Op.EQ, PhysicalType.INT, 99_999L), "eq"));
        assertCovers(r, i -> i == 99_999);
        assertThat(eq.shortKeyRowsSkipped()).isGreaterThan(N - 2048);
    }

    @Test
    void bitmapIndexSelectsRows() throws IOException
    {
        ScanStats stats = new ScanStats();
        List<RowRange> r = prune(stats, new ZonePredicate(1, ZoneMapPredicate.in(PhysicalType.VARLEN, List.of("c1", "zz")), "in"));
        assertCovers(r, i -> c(i).equals("c1"));
        assertThat(SegmentPruner.rows(r)).isEqualTo(30_000);
        assertThat(stats.bitmapRowsSkipped()).isEqualTo(N - 30_000);

        ScanStats ne = new ScanStats();
        r = prune(ne, new ZonePredicate(1, ZoneMapPredicate.compare(ZoneMapPredicate.Op.NE, PhysicalType.VARLEN, "c0"), "ne"));
        assertCovers(r, i -> !c(i).equals("c0"));
        assertThat(ne.bitmapRowsSkipped()).isEqualTo(30_000);
    }

    @Test
    void bloomFiltersSkipPagesZoneMapsCannot() throws IOException
    {
        long target = b(77_777);
        ScanStats stats = new ScanStats();
        List<RowRange> r = prune(stats, new ZonePredicate(2, ZoneMapPredicate.compare(ZoneMapPredicate.Op.EQ, PhysicalType.LONG, target), "eq"));
        assertCovers(r, i -> b(i) == target);
        assertThat(stats.pagesSkipped()).as("zone maps of scattered values cannot prune").isZero();
        // 13 BIGINT pages of 8192 rows; the value is in one, 1% false positives
        assertThat(stats.bloomPagesSkipped()).isGreaterThanOrEqualTo(10);
        assertThat(stats.pagesRead()).isLessThanOrEqualTo(3);
    }

    @Test
    void indexesCombine() throws IOException
    {
        ScanStats stats = new ScanStats();
        List<RowRange> r = prune(stats,
                new ZonePredicate(0, ZoneMapPredicate.compare(ZoneMapPredicate.Op.GE, PhysicalType.INT, 20_000L), "ge"),
                new ZonePredicate(1, ZoneMapPredicate.compare(ZoneMapPredicate.Op.EQ, PhysicalType.VARLEN, "c3".getBytes(StandardCharsets.UTF_8)), "eq"));
        assertCovers(r, i -> i >= 20_000 && c(i).equals("c3"));
        assertThat(SegmentPruner.rows(r)).isEqualTo(10_000);
        assertThat(stats.shortKeyRowsSkipped()).isGreaterThan(18_000);
        assertThat(stats.bitmapRowsSkipped()).isGreaterThan(0);
    }

    @Test
    void likePrefixBecomesARange()
    {
        ZoneMapPredicate p = ZonePredicate.likePrefix("ab%c");
        assertThat(p.op()).isEqualTo(ZoneMapPredicate.Op.BETWEEN);
        assertThat((byte[]) p.values().get(1)).isEqualTo("ac".getBytes(StandardCharsets.UTF_8));
        assertThat(ZonePredicate.likePrefix("abc").op()).isEqualTo(ZoneMapPredicate.Op.EQ);
        assertThat(ZonePredicate.likePrefix("%abc")).isNull();
        assertThat(ZonePredicate.likePrefix("_x")).isNull();
    }

    @Test
    void corruptBitmapIndexFailsTheScanNamingTheFile() throws IOException
    {
        Path data = Files.createDirectories(dir.resolve("t2/data"));
        Path seg = data.resolve("1_0.seg");
        Files.copy(segment, seg);
        try (MemoryContext ctx = MemoryContext.process().newChild("pruner-corrupt"); SegmentReader r = SegmentReader.open(seg)) {
            Path f = BitmapIndexFile.build(r, 1, ctx);
            byte[] b = Files.readAllBytes(f);
            b[b.length / 2] ^= 1;
            Files.write(f, b);
            assertThatThrownBy(() -> SegmentPruner.survivingRanges(r, IDENTITY,
                    List.of(new ZonePredicate(1, ZoneMapPredicate.compare(ZoneMapPredicate.Op.EQ, PhysicalType.VARLEN, "c1"), "eq")), new ScanStats()))
                    .isInstanceOf(CorruptSegmentException.class).hasMessageContaining(f.toString());
        }
    }
}
