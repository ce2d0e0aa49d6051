package io.starling.storage.segment;

import io.starling.storage.index.zonemap.ZoneMap;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeCodes;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Constants and footer codec of the segment file format, version {@value #FORMAT_VERSION}. The complete byte
 * layout is in {@code offheap-storage/SEGMENT_FORMAT.md}; summary (all integers little-endian):
 *
 * <pre>
 * file    := header page* footer trailer
 * header  := magic "SLSG" (4) | u32 formatVersion                                   {@value #FILE_HEADER_BYTES} bytes
 * page    := u32 crc32c (of the rest of the page) | u8 encoding | u8 codec | u8 flags (bit 0: null bitmap present)
 *            | u8 0 | u64 firstOrdinal | u32 numValues | u32 uncompressedBodySize | u32 storedBodySize
 *            | u32 nullBitmapSize | body (storedBodySize) | nullBitmap (nullBitmapSize)   header {@value #PAGE_HEADER_BYTES} bytes
 * index   := u32 crc32c (of the rest of the block) | u8 kind | u8 hashVersion | u16 0 | u32 column | payload   (v2)
 * footer  := u32 formatVersion | u64 numRows | u32 numColumns | column* | u32 indexCount | indexEntry*  (v2 adds indexes)
 * indexEntry := u8 kind | u8 0 | u16 0 | u32 column | u64 offset | u32 size
 * column  := u8 typeCode | u8 precision | u8 scale | u8 0 | u32 length | zoneMap | u32 pageCount | pageEntry*
 * pageEntry := u64 offset | u32 size | u64 firstRow | u32 numValues | zoneMap
 * trailer := u32 footerLength | u32 crc32c(footer) | magic "SLSG"                    {@value #TRAILER_BYTES} bytes
 * </pre>
 * Null bitmap: bit i (LSB first in each byte) is 1 if row i of the page is not null (the {@code ColumnVector}
 * validity convention); absent when the page has no nulls. Zone map encoding: {@link ZoneMap#writeTo}.
 */
public final class SegmentFormat
{
    /** "SLSG" read as a little-endian u32: the bytes 'S','L','S','G' in file order. */
    public static final int MAGIC = 'S' | 'L' << 8 | 'S' << 16 | 'G' << 24;
    /** Version 2 added index blocks (short key, page bloom filters) and the footer's index list. */
    public static final int FORMAT_VERSION = 2;
    /** Oldest version the reader accepts: version 1 files simply have no index blocks. */
    public static final int MIN_FORMAT_VERSION = 1;

    /** Index block kinds. */
    public static final int INDEX_SHORT_KEY = 1;
    public static final int INDEX_BLOOM = 2;
    /** Index block header: crc (4) + kind (1) + hash version (1) + 0 (2) + column (4). */
    public static final int INDEX_HEADER_BYTES = 12;
    /** Hash function of bloom blocks: 1 = {@code IndexValues} (murmur3 finalizer based). */
    public static final int BLOOM_HASH_VERSION = 1;
    /** Column field of an index entry that is not about one column (the short key index). */
    public static final int NO_COLUMN = -1;
    /** magic (4) + formatVersion (4). */
    public static final int FILE_HEADER_BYTES = 8;
    /** footerLength (4) + footer crc32c (4) + magic (4). */
    public static final int TRAILER_BYTES = 12;

    /** Page header field offsets; the header is {@value #PAGE_HEADER_BYTES} bytes. */
    public static final int PAGE_CRC = 0;
    public static final int PAGE_ENCODING = 4;
    public static final int PAGE_CODEC = 5;
    public static final int PAGE_FLAGS = 6;
    public static final int PAGE_FIRST_ORDINAL = 8;
    public static final int PAGE_NUM_VALUES = 16;
    public static final int PAGE_UNCOMPRESSED_SIZE = 20;
    public static final int PAGE_STORED_SIZE = 24;
    public static final int PAGE_NULL_BITMAP_SIZE = 28;
    public static final int PAGE_HEADER_BYTES = 32;
    /** Page flag: a null bitmap follows the body. */
    public static final int FLAG_NULL_BITMAP = 1;

    /**
     * Target encoded page size. 64 KiB (StarRocks' data_page_size) is large enough to amortise the page header,
     * checksum and codec call, and small enough that page zone maps prune at a useful granularity.
     */
    public static final int TARGET_PAGE_BYTES = 64 * 1024;
    /** Fewest rows a fixed-width page holds (INT128: 4096 x 16 B = 64 KiB), one full batch. */
    public static final int MIN_PAGE_ROWS = 4096;
    /** Most rows in a page (BYTE: 65536 x 1 B = 64 KiB); also caps very short strings. */
    public static final int MAX_PAGE_ROWS = 65536;

    private SegmentFormat()
    {
    }

    /** Rows per page for a fixed-width type: {@link #TARGET_PAGE_BYTES} / width, clamped to [4096, 65536]. */
    public static int pageRows(PhysicalType pt)
    {
        if (!pt.isFixedWidth()) {
            return MAX_PAGE_ROWS;
        }
        return Math.clamp(TARGET_PAGE_BYTES / pt.width(), MIN_PAGE_ROWS, MAX_PAGE_ROWS);
    }

    static int crc32c(MemorySegment seg, long offset, long length)
    {
        CRC32C crc = new CRC32C();
        crc.update(seg.asSlice(offset, length).asByteBuffer());
        return (int) crc.getValue();
    }

    static int crc32c(byte[] a, int off, int len)
    {
        CRC32C crc = new CRC32C();
        crc.update(a, off, len);
        return (int) crc.getValue();
    }

    static void writeFooter(ByteSink out, long numRows, List<ColumnMeta> columns)
    {
        writeFooter(out, numRows, columns, List.of());
    }

    static void writeFooter(ByteSink out, long numRows, List<ColumnMeta> columns, List<IndexEntry> indexes)
    {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(numRows);
        out.writeInt(columns.size());
        for (ColumnMeta c : columns) {
            writeType(out, c.type());
            c.zoneMap().writeTo(out);
            out.writeInt(c.pages().size());
            for (PageMeta p : c.pages()) {
                out.writeLong(p.offset());
                out.writeInt(p.size());
                out.writeLong(p.firstRow());
                out.writeInt(p.numRows());
                p.zoneMap().writeTo(out);
            }
        }
        out.writeInt(indexes.size());
        for (IndexEntry e : indexes) {
            out.writeByte(e.kind());
            out.writeByte(0);
            out.writeShort(0);
            out.writeInt(e.column());
            out.writeLong(e.offset());
            out.writeInt(e.size());
        }
    }

    /**
     * Footer entry of one index block.
     *
     * @param kind {@link #INDEX_SHORT_KEY} or {@link #INDEX_BLOOM}
     * @param column the column a bloom block belongs to, {@link #NO_COLUMN} for the short key index
     */
    record IndexEntry(int kind, int column, long offset, int size)
    {
    }

    /** Writes a {@link DataType} as {@code u8 typeCode | u8 precision | u8 scale | u8 0 | u32 length}. */
    public static void writeType(ByteSink out, DataType t)
    {
        out.writeByte(TypeCodes.code(t.kind()));
        out.writeByte(t.precision());
        out.writeByte(t.scale());
        out.writeByte(0);
        out.writeInt(t.length());
    }

    public static DataType readType(ByteSource in)
    {
        int code = in.readUnsignedByte();
        TypeKind kind = TypeCodes.kind(code);
        if (kind == null) {
            throw new IllegalArgumentException("unknown type code " + code);
        }
        int precision = in.readUnsignedByte();
        int scale = in.readUnsignedByte();
        in.readUnsignedByte();
        int length = in.readInt();
        return new DataType(kind, precision, scale, length);
    }

    /** Parsed footer. */
    record Footer(long numRows, List<ColumnMeta> columns, List<IndexEntry> indexes)
    {
    }

    /**
     * Parses and validates a footer whose bytes are {@code footer}; page entries must lie within
     * {@code [FILE_HEADER_BYTES, dataEnd)} and cover rows {@code [0, numRows)} contiguously.
     */
    static Footer readFooter(MemorySegment footer, long dataEnd)
    {
        ByteSource in = new ByteSource(footer);
        int version = in.readInt();
        if (version < MIN_FORMAT_VERSION || version > FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported footer version " + version);
        }
        long numRows = in.readLong();
        if (numRows < 0) {
            throw new IllegalArgumentException("negative row count " + numRows);
        }
        int numColumns = in.readCount(1 << 16);
        List<ColumnMeta> columns = new ArrayList<>(numColumns);
        for (int c = 0; c < numColumns; c++) {
            DataType type = readType(in);
            PhysicalType pt = type.physical();
            ZoneMap zone = ZoneMap.readFrom(pt, in);
            int pageCount = in.readCount((int) Math.min(Integer.MAX_VALUE, footer.byteSize()));
            List<PageMeta> pages = new ArrayList<>(pageCount);
            long expectFirst = 0;
            for (int p = 0; p < pageCount; p++) {
                long offset = in.readLong();
                int size = in.readInt();
                long firstRow = in.readLong();
                int rows = in.readInt();
                ZoneMap pageZone = ZoneMap.readFrom(pt, in);
                if (offset < FILE_HEADER_BYTES || size < PAGE_HEADER_BYTES || offset + size > dataEnd) {
                    throw new IllegalArgumentException("column " + c + " page " + p + " at [" + offset + ", +" + size + ") outside the data area");
                }
                if (firstRow != expectFirst || rows <= 0) {
                    throw new IllegalArgumentException("column " + c + " page " + p + " starts at row " + firstRow + " with " + rows + " rows, expected start " + expectFirst);
                }
                expectFirst += rows;
                pages.add(new PageMeta(offset, size, firstRow, rows, pageZone));
            }
            if (expectFirst != numRows) {
                throw new IllegalArgumentException("column " + c + " pages cover " + expectFirst + " rows, segment has " + numRows);
            }
            columns.add(ColumnMeta.of(type, zone, pages));
        }
        List<IndexEntry> indexes = new ArrayList<>();
        if (version >= 2) {
            int count = in.readCount(1 << 16);
            for (int i = 0; i < count; i++) {
                int kind = in.readUnsignedByte();
                in.readUnsignedByte();
                in.readUnsignedShort();
                int column = in.readInt();
                long offset = in.readLong();
                int size = in.readInt();
                if (kind != INDEX_SHORT_KEY && kind != INDEX_BLOOM) {
                    throw new IllegalArgumentException("unknown index kind " + kind);
                }
                if (kind == INDEX_BLOOM && (column < 0 || column >= numColumns)) {
                    throw new IllegalArgumentException("bloom index of column " + column + " in a " + numColumns + "-column segment");
                }
                if (offset < FILE_HEADER_BYTES || size < INDEX_HEADER_BYTES || offset + size > dataEnd) {
                    throw new IllegalArgumentException("index " + i + " at [" + offset + ", +" + size + ") outside the data area");
                }
                indexes.add(new IndexEntry(kind, column, offset, size));
            }
        }
        if (in.remaining() != 0) {
            throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the last column");
        }
        return new Footer(numRows, columns, List.copyOf(indexes));
    }
}
