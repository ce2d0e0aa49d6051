package io.starling.storage.index.bitmap;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.CorruptSegmentException;
import io.starling.storage.segment.SegmentFormat;
import io.starling.storage.segment.SegmentIndexSpec;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.roaringbitmap.RoaringBitmap;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The bitmap index side file of one column of one segment: {@code <tablet>/index/<segment file>.c<column>.bmi}, built
 * after the segment (when the index is added, or for new segments by the index manager) and published atomically
 * (temp file, fsync, rename). A missing file only means "no index"; a corrupt one is an error naming the file.
 *
 * <pre>
 * file   := magic "SLBI" | u32 version = 1 | u32 column | type (8 bytes, as in the segment footer) | u64 numRows
 *           | u32 valueCount | entry[valueCount] (ascending values) | nullBitmap | u32 crc32c (of everything before)
 * entry  := value | bitmap
 * value  := i64 (integer types) | f64 (FLOAT/DOUBLE) | i64 low, i64 high (INT128) | u32 length, bytes (strings)
 * bitmap := u32 size | RoaringBitmap portable serialization (size bytes)
 * </pre>
 */
public final class BitmapIndexFile
{
    public static final int MAGIC = 'S' | 'L' << 8 | 'B' << 16 | 'I' << 24;
    public static final int VERSION = 1;
    public static final String SUFFIX = ".bmi";

    private BitmapIndexFile()
    {
    }

    /** The side file of {@code column} of a segment file. */
    public static Path pathFor(Path segmentFile, int column)
    {
        return SegmentIndexSpec.indexDirOf(segmentFile).resolve(segmentFile.getFileName() + ".c" + column + SUFFIX);
    }

    /** Builds the index of one column by reading the segment, and publishes the side file atomically. */
    public static Path build(SegmentReader segment, int column, MemoryContext ctx) throws IOException
    {
        DataType type = segment.columnType(column);
        BitmapIndex.Builder b = new BitmapIndex.Builder(type.physical());
        int chunk = 4096;
        try (ColumnVector v = new ColumnVector(type, chunk, ctx)) {
            for (long row = 0; row < segment.numRows(); row += chunk) {
                int n = (int) Math.min(chunk, segment.numRows() - row);
                v.resetNulls();
                v.resetVarlen();
                segment.readColumn(column, row, n, v, 0);
                b.add(v, n);
            }
        }
        Path target = pathFor(segment.path(), column);
        write(target, column, type, b.build());
        return target;
    }

    /** Serializes and publishes {@code index} at {@code target} (temp file, fsync, atomic rename). */
    public static void write(Path target, int column, DataType type, BitmapIndex index) throws IOException
    {
        ByteSink out = new ByteSink(4096);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(column);
        SegmentFormat.writeType(out, type);
        out.writeLong(index.numRows());
        List<Map.Entry<Object, RoaringBitmap>> entries = new ArrayList<>(index.values().entrySet());
        entries.sort(Comparator.comparing(Map.Entry::getKey, BitmapIndexFile::compareKeys));
        out.writeInt(entries.size());
        for (Map.Entry<Object, RoaringBitmap> e : entries) {
            writeValue(out, type.physical(), e.getKey());
            writeBitmap(out, e.getValue());
        }
        writeBitmap(out, index.nulls());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.size());
        out.writeInt((int) crc.getValue());
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(out.array(), 0, out.size());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @SuppressWarnings("unchecked")
    private static int compareKeys(Object a, Object b)
    {
        return ((Comparable<Object>) a).compareTo(b);
    }

    /**
     * Reads the side file of {@code column} of a segment; null if there is none.
     *
     * @throws CorruptSegmentException (naming the side file) on a bad checksum, wrong column/type or a parse error
     */
    public static BitmapIndex read(Path segmentFile, int column, DataType type, long numRows) throws IOException
    {
        Path f = pathFor(segmentFile, column);
        byte[] b;
        try {
            b = Files.readAllBytes(f);
        }
        catch (NoSuchFileException e) {
            return null;
        }
        if (b.length < 12) {
            throw new CorruptSegmentException(f, "bitmap index truncated to " + b.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        MemorySegment seg = MemorySegment.ofArray(b);
        if ((int) crc.getValue() != seg.get(ByteSource.INT_LE, b.length - 4)) {
            throw new CorruptSegmentException(f, "bitmap index checksum mismatch");
        }
        try {
            ByteSource in = new ByteSource(seg.asSlice(0, b.length - 4));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("bad magic or version");
            }
            int col = in.readInt();
            DataType t = SegmentFormat.readType(in);
            long rows = in.readLong();
            if (col != column || !t.equals(type) || rows != numRows) {
                throw new IllegalArgumentException("index of column " + col + " " + t + " over " + rows + " rows, expected column " + column + " " + type + " over " + numRows);
            }
            PhysicalType pt = type.physical();
            int count = in.readCount(Integer.MAX_VALUE);
            Map<Object, RoaringBitmap> values = new HashMap<>(Math.max(16, count * 2));
            for (int i = 0; i < count; i++) {
                Object k = readValue(in, pt);
                values.put(k, readBitmap(in));
            }
            RoaringBitmap nulls = readBitmap(in);
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            }
            return new BitmapIndex(pt, rows, values, nulls);
        }
        catch (RuntimeException | IOException e) {
            // checksummed bytes that still do not parse (a writer bug): report the file, never guess
            throw new CorruptSegmentException(f, "bitmap index does not parse: " + e.getMessage(), e);
        }
    }

    /** Deletes the side file of a column of a segment, if any. */
    public static void delete(Path segmentFile, int column) throws IOException
    {
        Files.deleteIfExists(pathFor(segmentFile, column));
    }

    private static void writeValue(ByteSink out, PhysicalType t, Object k)
    {
        switch (t) {
            case BYTE, SHORT, INT, LONG -> out.writeLong((Long) k);
            case FLOAT, DOUBLE -> out.writeDouble((Double) k);
            case INT128 -> {
                BigInteger b = (BigInteger) k;
                out.writeLong(b.longValue());
                out.writeLong(b.shiftRight(64).longValue());
            }
            case VARLEN -> {
                byte[] a = ((BitmapIndex.Key) k).bytes();
                out.writeInt(a.length);
                out.writeBytes(a);
            }
            default -> throw new IllegalArgumentException(t.toString());
        }
    }

    private static Object readValue(ByteSource in, PhysicalType t)
    {
        return switch (t) {
            case BYTE, SHORT, INT, LONG -> in.readLong();
            case FLOAT, DOUBLE -> in.readDouble();
            case INT128 -> {
                long low = in.readLong();
                long high = in.readLong();
                yield BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
            }
            case VARLEN -> new BitmapIndex.Key(in.readBytes(in.readCount(Integer.MAX_VALUE)));
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private static void writeBitmap(ByteSink out, RoaringBitmap b)
    {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(b.serializedSizeInBytes());
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            b.serialize(d);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.writeInt(bytes.size());
        out.writeBytes(bytes.toByteArray());
    }

    private static RoaringBitmap readBitmap(ByteSource in) throws IOException
    {
        byte[] a = in.readBytes(in.readCount(Integer.MAX_VALUE));
        RoaringBitmap b = new RoaringBitmap();
        b.deserialize(new DataInputStream(new java.io.ByteArrayInputStream(a)));
        return b;
    }
}
