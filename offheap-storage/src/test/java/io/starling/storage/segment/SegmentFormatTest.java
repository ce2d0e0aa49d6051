package io.starling.storage.segment;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codecs;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the byte layout documented in SEGMENT_FORMAT.md by parsing a small file by hand. */
class SegmentFormatTest
{
    @TempDir
    Path dir;

    private final MemoryContext ctx = MemoryContext.process().newChild("segment-format-test");

    @AfterEach
    void close()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    /** INT column [5, NULL, 7] and VARCHAR column ["a", "bb", "a"], uncompressed. */
    private Path writeSmall(String name) throws IOException
    {
        Path file = dir.resolve(name);
        List<DataType> types = List.of(DataType.INT, DataType.varchar(10));
        try (SegmentWriter w = new SegmentWriter(file, types, ctx, Codecs.NONE);
                ColumnBatch b = ColumnBatch.allocate(types, 16, ctx)) {
            ColumnVector ints = b.column(0);
            ints.setInt(0, 5);
            ints.setNull(1, true);
            ints.setInt(2, 7);
            ColumnVector s = b.column(1);
            s.setString(0, "a");
            s.setString(1, "bb");
            s.setString(2, "a");
            b.setRowCount(3);
            w.append(b);
            w.finish();
        }
        return file;
    }

    private static int crc(byte[] a, int off, int len)
    {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    @Test
    void footerAndPagesParseByHand() throws IOException
    {
        byte[] f = Files.readAllBytes(writeSmall("small.seg"));
        ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(f, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SLSG");
        assertThat(bb.getInt(4)).isEqualTo(2);
        assertThat(new String(f, f.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("SLSG");
        int footerLen = bb.getInt(f.length - 12);
        int footerStart = f.length - 12 - footerLen;
        assertThat(bb.getInt(f.length - 8)).isEqualTo(crc(f, footerStart, footerLen));

        bb.position(footerStart);
        assertThat(bb.getInt()).as("footer version").isEqualTo(2);
        assertThat(bb.getLong()).as("rows").isEqualTo(3);
        assertThat(bb.getInt()).as("columns").isEqualTo(2);

        // column 0: INT (type code 4), zone map flags 3 = has null + has not null, min 5, max 7
        assertThat(new byte[] {bb.get(), bb.get(), bb.get(), bb.get()}).containsExactly(4, 0, 0, 0);
        assertThat(bb.getInt()).as("length").isZero();
        assertThat(bb.get()).isEqualTo((byte) 3);
        assertThat(bb.getLong()).isEqualTo(5);
        assertThat(bb.getLong()).isEqualTo(7);
        assertThat(bb.getInt()).as("pages").isEqualTo(1);
        long page0 = bb.getLong();
        int page0Size = bb.getInt();
        assertThat(page0).isEqualTo(SegmentFormat.FILE_HEADER_BYTES);
        assertThat(bb.getLong()).as("first row").isZero();
        assertThat(bb.getInt()).as("values").isEqualTo(3);
        assertThat(bb.get()).isEqualTo((byte) 3);
        assertThat(bb.getLong()).isEqualTo(5);
        assertThat(bb.getLong()).isEqualTo(7);

        // column 1: VARCHAR(10) (type code 13), min "a", max "bb", no nulls
        assertThat(new byte[] {bb.get(), bb.get(), bb.get(), bb.get()}).containsExactly(13, 0, 0, 0);
        assertThat(bb.getInt()).isEqualTo(10);
        assertThat(bb.get()).isEqualTo((byte) 2);
        assertThat(bb.getInt()).isEqualTo(1);
        assertThat(bb.get()).isEqualTo((byte) 'a');
        assertThat(bb.getInt()).isEqualTo(2);
        assertThat(new byte[] {bb.get(), bb.get()}).containsExactly('b', 'b');
        assertThat(bb.getInt()).isEqualTo(1);
        long page1 = bb.getLong();
        int page1Size = bb.getInt();
        assertThat(page1).isEqualTo(page0 + page0Size);
        bb.position(bb.position() + 12 + 1 + 4 + 1 + 4 + 2);
        assertThat(bb.getInt()).as("index blocks (none without a spec)").isZero();
        assertThat(bb.position()).as("footer fully consumed").isEqualTo(f.length - 12);

        // page 0: PLAIN ints with a null bitmap
        int p = (int) page0;
        assertThat(bb.getInt(p)).as("page crc").isEqualTo(crc(f, p + 4, page0Size - 4));
        assertThat(Arrays.copyOfRange(f, p + 4, p + 8)).containsExactly(0, 0, 1, 0); // PLAIN, NONE, null bitmap, 0
        assertThat(bb.getLong(p + 8)).isZero();
        assertThat(bb.getInt(p + 16)).isEqualTo(3);
        assertThat(bb.getInt(p + 20)).isEqualTo(12);
        assertThat(bb.getInt(p + 24)).isEqualTo(12);
        assertThat(bb.getInt(p + 28)).isEqualTo(1);
        assertThat(new int[] {bb.getInt(p + 32), bb.getInt(p + 36), bb.getInt(p + 40)}).containsExactly(5, 0, 7);
        assertThat(f[p + 44]).as("validity bits 1,0,1").isEqualTo((byte) 0b101);
        assertThat(page0Size).isEqualTo(45);

        // page 1: PLAIN strings (2 distinct of 3 is too many for DICT), offsets then bytes, no bitmap
        p = (int) page1;
        assertThat(Arrays.copyOfRange(f, p + 4, p + 8)).containsExactly(0, 0, 0, 0);
        assertThat(bb.getInt(p + 28)).isZero();
        assertThat(new int[] {bb.getInt(p + 32), bb.getInt(p + 36), bb.getInt(p + 40), bb.getInt(p + 44)}).containsExactly(0, 1, 3, 4);
        assertThat(new String(f, p + 48, 4, StandardCharsets.US_ASCII)).isEqualTo("abba");
        assertThat(page1Size).isEqualTo(52);
        assertThat(page1 + page1Size).isEqualTo(footerStart);
    }

    /** INT column 0..2999 (sorted) with a short key index and page bloom filters, uncompressed. */
    private Path writeIndexed(String name) throws IOException
    {
        Path file = dir.resolve(name);
        List<DataType> types = List.of(DataType.INT);
        SegmentIndexSpec spec = new SegmentIndexSpec(1, List.of(0), 0.05, List.of());
        try (SegmentWriter w = new SegmentWriter(file, types, ctx, Codecs.NONE, spec);
                ColumnBatch b = ColumnBatch.allocate(types, 3000, ctx)) {
            for (int i = 0; i < 3000; i++) {
                b.column(0).setInt(i, i);
            }
            b.setRowCount(3000);
            w.append(b);
            w.finish();
        }
        return file;
    }

    @Test
    void indexBlocksParseByHand() throws IOException
    {
        byte[] f = Files.readAllBytes(writeIndexed("indexed.seg"));
        ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int footerLen = bb.getInt(f.length - 12);
        int footerStart = f.length - 12 - footerLen;
        // footer: version, rows, columns, INT column (type 8, zone map 1 + 16, 1 page of 24 + 17 bytes)
        int at = footerStart + 4 + 8 + 4 + 8 + 17 + 4 + 24 + 17;
        bb.position(at);
        assertThat(bb.getInt()).as("index count").isEqualTo(2);
        int[] kinds = new int[2];
        for (int i = 0; i < 2; i++) {
            kinds[i] = bb.get();
            assertThat(bb.get()).isZero();
            assertThat(bb.getShort()).isZero();
            int column = bb.getInt();
            int offset = (int) bb.getLong();
            int size = bb.getInt();
            assertThat(bb.getInt(offset)).as("index block crc").isEqualTo(crc(f, offset + 4, size - 4));
            assertThat((int) f[offset + 4]).as("block kind").isEqualTo(kinds[i]);
            assertThat(bb.getInt(offset + 8)).as("block column").isEqualTo(column);
            int payload = offset + SegmentFormat.INDEX_HEADER_BYTES;
            if (kinds[i] == SegmentFormat.INDEX_SHORT_KEY) {
                assertThat(column).isEqualTo(-1);
                assertThat(bb.getInt(payload)).as("interval").isEqualTo(1024);
                assertThat(bb.getLong(payload + 4)).as("rows").isEqualTo(3000);
                assertThat(f[payload + 12]).as("key columns").isEqualTo((byte) 1);
                assertThat(bb.getInt(payload + 13)).as("entries").isEqualTo(3);
                // entry 1 = row 1024: length 5, marker 1, big-endian 1024 with the sign bit flipped
                int e1 = payload + 17 + 6;
                assertThat(Arrays.copyOfRange(f, e1, e1 + 6)).containsExactly(5, 1, 0x80, 0, 4, 0);
            }
            else {
                assertThat(column).isZero();
                assertThat((int) f[offset + 5]).as("hash version").isEqualTo(1);
                assertThat(bb.getInt(payload)).as("one filter per page").isEqualTo(1);
                int blocks = bb.getInt(payload + 4);
                assertThat(size).isEqualTo(SegmentFormat.INDEX_HEADER_BYTES + 4 + 4 + blocks * 32);
            }
        }
        assertThat(kinds).containsExactly(SegmentFormat.INDEX_SHORT_KEY, SegmentFormat.INDEX_BLOOM);
        assertThat(bb.position()).isEqualTo(f.length - 12);
    }

    @Test
    void corruptIndexBlockIsReportedNotRead() throws IOException
    {
        Path file = writeIndexed("corrupt-index.seg");
        byte[] f = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int footerLen = bb.getInt(f.length - 12);
        int footerStart = f.length - 12 - footerLen;
        int firstIndex = footerStart + 4 + 8 + 4 + 8 + 17 + 4 + 24 + 17 + 4;
        int skOffset = (int) bb.getLong(firstIndex + 8);
        int bloomOffset = (int) bb.getLong(firstIndex + 20 + 8);
        f[skOffset + 20] ^= 1;
        f[bloomOffset + 20] ^= 1;
        Files.write(file, f);
        try (SegmentReader r = SegmentReader.open(file); ColumnVector v = new ColumnVector(DataType.INT, 3000, ctx)) {
            r.readColumn(0, 0, 3000, v, 0); // the data is intact
            assertThat(v.getInt(2999)).isEqualTo(2999);
            assertThatThrownBy(r::shortKeyIndex).isInstanceOf(CorruptSegmentException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("checksum mismatch in index block");
            assertThatThrownBy(() -> r.pageBloomFilter(0, 0)).isInstanceOf(CorruptSegmentException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void versionOneFilesStillRead() throws IOException
    {
        // rewrite a version 2 file without indexes as version 1: drop the index count, fix lengths and checksum
        byte[] v2 = Files.readAllBytes(writeSmall("v2.seg"));
        ByteBuffer b2 = ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN);
        int footerLen = b2.getInt(v2.length - 12);
        int footerStart = v2.length - 12 - footerLen;
        int newLen = footerLen - 4;
        byte[] v1 = new byte[footerStart + newLen + 12];
        System.arraycopy(v2, 0, v1, 0, footerStart + newLen);
        ByteBuffer b1 = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
        b1.putInt(4, 1);
        b1.putInt(footerStart, 1);
        b1.putInt(v1.length - 12, newLen);
        b1.putInt(v1.length - 8, crc(v1, footerStart, newLen));
        System.arraycopy(v2, v2.length - 4, v1, v1.length - 4, 4);
        Path file = dir.resolve("v1.seg");
        Files.write(file, v1);
        try (SegmentReader r = SegmentReader.open(file); ColumnVector v = new ColumnVector(DataType.INT, 4, ctx)) {
            r.readColumn(0, 0, 3, v, 0);
            assertThat(v.getInt(2)).isEqualTo(7);
            assertThat(r.shortKeyIndex()).isNull();
            assertThat(r.hasBloomFilter(0)).isFalse();
            assertThat(r.pageBloomFilter(0, 0)).isNull();
        }
    }

    @Test
    void corruptPageIsDetectedOnRead() throws IOException
    {
        Path file = writeSmall("corrupt-page.seg");
        byte[] f = Files.readAllBytes(file);
        f[SegmentFormat.FILE_HEADER_BYTES + 36] ^= 1; // a value byte of the INT page
        Files.write(file, f);
        try (SegmentReader r = SegmentReader.open(file);
                ColumnVector v = new ColumnVector(DataType.INT, 4, ctx);
                ColumnVector s = new ColumnVector(DataType.varchar(10), 4, ctx)) {
            r.readColumn(1, 0, 3, s, 0); // other pages are fine
            assertThat(s.getString(1)).isEqualTo("bb");
            assertThatThrownBy(() -> r.readColumn(0, 0, 3, v, 0))
                    .isInstanceOf(CorruptSegmentException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("checksum mismatch in column 0 page 0");
        }
    }

    @Test
    void corruptFooterTruncationAndGarbageAreRejectedAtOpen() throws IOException
    {
        Path file = writeSmall("good.seg");
        byte[] good = Files.readAllBytes(file);

        byte[] badFooter = good.clone();
        badFooter[good.length - 20] ^= 0x10;
        Path p1 = dir.resolve("bad-footer.seg");
        Files.write(p1, badFooter);
        assertThatThrownBy(() -> SegmentReader.open(p1)).isInstanceOf(CorruptSegmentException.class)
                .hasMessageContaining(p1.toString()).hasMessageContaining("footer checksum mismatch");

        Path p2 = dir.resolve("truncated.seg");
        Files.write(p2, Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> SegmentReader.open(p2)).isInstanceOf(CorruptSegmentException.class).hasMessageContaining(p2.toString());

        Path p3 = dir.resolve("empty.seg");
        Files.write(p3, new byte[0]);
        assertThatThrownBy(() -> SegmentReader.open(p3)).isInstanceOf(CorruptSegmentException.class).hasMessageContaining("truncated");

        Path p4 = dir.resolve("garbage.seg");
        byte[] garbage = new byte[1000];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(p4, garbage);
        assertThatThrownBy(() -> SegmentReader.open(p4)).isInstanceOf(CorruptSegmentException.class);

        // a footer whose checksum is right but whose content lies (page beyond the data area)
        byte[] lying = good.clone();
        ByteBuffer bb = ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN);
        int footerLen = bb.getInt(lying.length - 12);
        int footerStart = lying.length - 12 - footerLen;
        int page0OffsetAt = footerStart + 4 + 8 + 4 + 8 + 17 + 4;
        bb.putLong(page0OffsetAt, 1_000_000);
        bb.putInt(lying.length - 8, crc(lying, footerStart, footerLen));
        Path p5 = dir.resolve("lying.seg");
        Files.write(p5, lying);
        assertThatThrownBy(() -> SegmentReader.open(p5)).isInstanceOf(CorruptSegmentException.class).hasMessageContaining("outside the data area");
    }

    @Test
    void closedReaderRefusesReads() throws IOException
    {
        SegmentReader r = SegmentReader.open(writeSmall("closed.seg"));
        r.close();
        r.close();
        try (ColumnVector v = new ColumnVector(DataType.INT, 4, ctx)) {
            assertThatThrownBy(() -> r.readColumn(0, 0, 1, v, 0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void abandonedWriterLeavesNoFile() throws IOException
    {
        Path file = dir.resolve("abandoned.seg");
        try (SegmentWriter w = new SegmentWriter(file, List.of(DataType.INT), ctx, Codecs.LZ4)) {
            assertThat(Files.exists(file)).isTrue();
        }
        assertThat(Files.exists(file)).isFalse();
    }
}
