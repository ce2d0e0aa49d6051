package io.starling.storage.segment;

import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Which indexes the segments of one tablet carry, persisted per tablet as {@code <tablet>/index/spec} so that every
 * writer of the tablet (loads, and later compaction) builds the same indexes without passing options through the
 * tablet layer: {@link SegmentWriter}'s default constructor looks the spec up from the segment's path
 * ({@code <tablet>/data/<file>.seg}), see {@link #forSegmentFile}.
 *
 * <p>File: {@code magic "SLIX" | u32 version = 1 | u32 sortKeyColumns | f64 bloomFpp | u32 n | n × u32 bloomColumn |
 * u32 m | m × u32 bitmapColumn | u32 crc32c (of everything before)}.
 *
 * @param sortKeyColumns leading columns the rows are sorted by (the short key index covers a prefix of them); 0 = none
 * @param bloomColumns columns (schema positions, ascending) that get a bloom filter per page
 * @param bloomFpp false-positive probability of the page bloom filters (StarRocks' {@code bloom_filter_fpp})
 * @param bitmapColumns columns with a bitmap index (side files, built by {@code io.starling.storage.index.bitmap})
 */
public record SegmentIndexSpec(int sortKeyColumns, List<Integer> bloomColumns, double bloomFpp, List<Integer> bitmapColumns)
{
    /** StarRocks' default {@code bloom_filter_fpp}. */
    public static final double DEFAULT_FPP = 0.05;
    public static final SegmentIndexSpec NONE = new SegmentIndexSpec(0, List.of(), DEFAULT_FPP, List.of());
    /** Directory of a tablet holding the spec and the bitmap index side files. */
    public static final String INDEX_DIR = "index";
    public static final String SPEC_FILE = "spec";
    private static final int MAGIC = 'S' | 'L' << 8 | 'I' << 16 | 'X' << 24;

    public SegmentIndexSpec
    {
        bloomColumns = List.copyOf(bloomColumns);
        bitmapColumns = List.copyOf(bitmapColumns);
    }

    /** The index directory of the tablet a segment file belongs to: {@code <tablet>/index} for {@code <tablet>/data/x.seg}. */
    public static Path indexDirOf(Path segmentFile)
    {
        Path data = segmentFile.toAbsolutePath().getParent();
        Path tablet = data == null ? null : data.getParent();
        return tablet == null ? Path.of(INDEX_DIR) : tablet.resolve(INDEX_DIR);
    }

    /** The spec of the tablet a segment file is written to; {@link #NONE} if it has none or it cannot be read. */
    public static SegmentIndexSpec forSegmentFile(Path segmentFile)
    {
        try {
            SegmentIndexSpec s = load(indexDirOf(segmentFile));
            return s == null ? NONE : s;
        }
        catch (IOException | IllegalArgumentException e) {
            // an unreadable spec only costs indexes, never data
            return NONE;
        }
    }

    /** Reads {@code dir/spec}; null if absent. */
    public static SegmentIndexSpec load(Path indexDir) throws IOException
    {
        byte[] b;
        try {
            b = Files.readAllBytes(indexDir.resolve(SPEC_FILE));
        }
        catch (NoSuchFileException e) {
            return null;
        }
        if (b.length < 8 || SegmentFormat.crc32c(b, 0, b.length - 4) != MemorySegment.ofArray(b).get(ByteSource.INT_LE, b.length - 4)) {
            throw new IllegalArgumentException("index spec " + indexDir.resolve(SPEC_FILE) + " fails its checksum");
        }
        ByteSource in = new ByteSource(MemorySegment.ofArray(b).asSlice(0, b.length - 4));
        if (in.readInt() != MAGIC || in.readInt() != 1) {
            throw new IllegalArgumentException("not an index spec: " + indexDir.resolve(SPEC_FILE));
        }
        int sortKey = in.readInt();
        double fpp = in.readDouble();
        Integer[] bloom = new Integer[in.readCount(1 << 16)];
        for (int i = 0; i < bloom.length; i++) {
            bloom[i] = in.readInt();
        }
        Integer[] bitmap = new Integer[in.readCount(1 << 16)];
        for (int i = 0; i < bitmap.length; i++) {
            bitmap[i] = in.readInt();
        }
        return new SegmentIndexSpec(sortKey, List.of(bloom), fpp, List.of(bitmap));
    }

    /** Writes {@code dir/spec} atomically (temp file, fsync, rename). */
    public void store(Path indexDir) throws IOException
    {
        Files.createDirectories(indexDir);
        ByteSink out = new ByteSink(64);
        out.writeInt(MAGIC);
        out.writeInt(1);
        out.writeInt(sortKeyColumns);
        out.writeDouble(bloomFpp);
        out.writeInt(bloomColumns.size());
        bloomColumns.forEach(out::writeInt);
        out.writeInt(bitmapColumns.size());
        bitmapColumns.forEach(out::writeInt);
        out.writeInt(SegmentFormat.crc32c(out.array(), 0, out.size()));
        Path tmp = indexDir.resolve(SPEC_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(out.array(), 0, out.size()));
            ch.force(true);
        }
        Files.move(tmp, indexDir.resolve(SPEC_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public boolean hasBloom(int column)
    {
        return bloomColumns.contains(column);
    }
}
