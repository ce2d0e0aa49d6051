package io.starling.storage.segment;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codec;
import io.starling.storage.compress.Codecs;
import io.starling.storage.compress.CorruptDataException;
import io.starling.storage.encoding.EncodingType;
import io.starling.storage.encoding.PageEncoder;
import io.starling.storage.index.bloom.BloomFilter;
import io.starling.storage.index.shortkey.ShortKeyIndex;
import io.starling.storage.index.zonemap.ZoneMap;
import io.starling.storage.io.ByteSource;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.starling.storage.io.ByteSource.INT_LE;
import static io.starling.storage.io.ByteSource.LONG_LE;

/**
 * Reads a segment file written by {@link SegmentWriter}: the whole file is mapped read-only
 * ({@link FileChannel#map} into one shared {@link Arena}, unmapped by {@link #close()}), the footer is
 * validated and parsed once at {@link #open}, and pages are decoded straight from the mapping into off-heap
 * {@link ColumnVector}s.
 *
 * <p>Integrity: the trailer magic, footer CRC32C and footer consistency are checked at open; each page's
 * CRC32C is checked the first time the page is read (pages never read are never touched). Any mismatch throws
 * {@link CorruptSegmentException} naming the file; a reader never returns unchecked bytes.
 *
 * <p>Thread-safe for concurrent {@link #readColumn} calls; {@link #close()} must happen after all reads.
 */
public final class SegmentReader implements AutoCloseable
{
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SegmentFormat.TARGET_PAGE_BYTES * 2]);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final long numRows;
    private final List<ColumnMeta> columns;
    /** Pages whose checksum was verified, per column. Racy by design: a lost update only re-verifies a page. */
    private final boolean[][] verified;
    private final List<SegmentFormat.IndexEntry> indexes;
    /** Parsed index blocks, loaded on first use; racy by design (immutable results, a lost update re-parses). */
    private ShortKeyIndex shortKey;
    private boolean shortKeyLoaded;
    private final BloomFilter[][] blooms;
    private volatile boolean closed;

    private SegmentReader(Path path, Arena arena, MemorySegment file, SegmentFormat.Footer footer)
    {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.numRows = footer.numRows();
        this.columns = footer.columns();
        this.indexes = footer.indexes();
        this.blooms = new BloomFilter[columns.size()][];
        this.verified = new boolean[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            verified[c] = new boolean[columns.get(c).pages().size()];
        }
    }

    /**
     * Maps and validates a segment file.
     *
     * @throws CorruptSegmentException if the file is truncated, has a bad magic or footer checksum, or an inconsistent footer
     */
    public static SegmentReader open(Path path) throws IOException
    {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment file;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size < SegmentFormat.FILE_HEADER_BYTES + SegmentFormat.TRAILER_BYTES) {
                    throw new CorruptSegmentException(path, "truncated: " + size + " bytes is shorter than header + trailer");
                }
                file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            SegmentFormat.Footer footer = readFooter(path, file);
            return new SegmentReader(path, arena, file, footer);
        }
        catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static SegmentFormat.Footer readFooter(Path path, MemorySegment file)
    {
        long size = file.byteSize();
        if (file.get(INT_LE, 0) != SegmentFormat.MAGIC) {
            throw new CorruptSegmentException(path, "bad header magic");
        }
        int version = file.get(INT_LE, 4);
        if (version < SegmentFormat.MIN_FORMAT_VERSION || version > SegmentFormat.FORMAT_VERSION) {
            throw new CorruptSegmentException(path, "unsupported format version " + version);
        }
        if (file.get(INT_LE, size - 4) != SegmentFormat.MAGIC) {
            throw new CorruptSegmentException(path, "bad trailer magic (truncated or not a segment file)");
        }
        long footerLength = Integer.toUnsignedLong(file.get(INT_LE, size - 12));
        int footerCrc = file.get(INT_LE, size - 8);
        long footerStart = size - SegmentFormat.TRAILER_BYTES - footerLength;
        if (footerStart < SegmentFormat.FILE_HEADER_BYTES) {
            throw new CorruptSegmentException(path, "footer length " + footerLength + " exceeds file size " + size);
        }
        int actual = SegmentFormat.crc32c(file, footerStart, footerLength);
        if (actual != footerCrc) {
            throw new CorruptSegmentException(path, String.format("footer checksum mismatch: stored %08x, computed %08x", footerCrc, actual));
        }
        try {
            return SegmentFormat.readFooter(file.asSlice(footerStart, footerLength), footerStart);
        }
        catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptSegmentException(path, "malformed footer: " + e.getMessage(), e);
        }
    }

    public Path path()
    {
        return path;
    }

    public long numRows()
    {
        return numRows;
    }

    public int columnCount()
    {
        return columns.size();
    }

    public DataType columnType(int col)
    {
        return column(col).type();
    }

    /** Segment-level zone map of a column. */
    public ZoneMap columnZoneMap(int col)
    {
        return column(col).zoneMap();
    }

    public int pageCount(int col)
    {
        return column(col).pages().size();
    }

    public ZoneMap pageZoneMap(int col, int page)
    {
        return column(col).pages().get(page).zoneMap();
    }

    /** Rows held by a page (from the ordinal index). */
    public RowRange pageRowRange(int col, int page)
    {
        PageMeta p = column(col).pages().get(page);
        return new RowRange(p.firstRow(), p.numRows());
    }

    /**
     * The sparse short key index, or null if the segment has none (format version 1, no sort key, or rows that were
     * not written in key order). Checksummed on first use.
     *
     * @throws CorruptSegmentException if the index block fails its checksum or does not parse
     */
    public ShortKeyIndex shortKeyIndex()
    {
        if (!shortKeyLoaded) {
            SegmentFormat.IndexEntry e = indexEntry(SegmentFormat.INDEX_SHORT_KEY, SegmentFormat.NO_COLUMN);
            ShortKeyIndex sk = null;
            if (e != null) {
                ByteSource in = indexPayload(e);
                try {
                    sk = ShortKeyIndex.readFrom(in);
                }
                catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
                    throw new CorruptSegmentException(path, "short key index does not parse: " + ex.getMessage(), ex);
                }
                if (sk.numRows() != numRows) {
                    throw new CorruptSegmentException(path, "short key index covers " + sk.numRows() + " rows, segment has " + numRows);
                }
            }
            shortKey = sk;
            shortKeyLoaded = true;
        }
        return shortKey;
    }

    /** True if the column has page bloom filters. */
    public boolean hasBloomFilter(int col)
    {
        column(col);
        return indexEntry(SegmentFormat.INDEX_BLOOM, col) != null;
    }

    /**
     * The bloom filter of one page of a column (keys hashed with {@code IndexValues}), or null if the column has none.
     * This is the reader API for value probes (scan predicates, runtime filters).
     *
     * @throws CorruptSegmentException if the bloom block fails its checksum or does not parse
     */
    public BloomFilter pageBloomFilter(int col, int page)
    {
        BloomFilter[] b = blooms[col];
        if (b == null) {
            SegmentFormat.IndexEntry e = indexEntry(SegmentFormat.INDEX_BLOOM, col);
            if (e == null) {
                return null;
            }
            ByteSource in = indexPayload(e);
            int pages = column(col).pages().size();
            try {
                int n = in.readInt();
                if (n != pages) {
                    throw new IllegalArgumentException(n + " bloom filters for " + pages + " pages");
                }
                b = new BloomFilter[n];
                for (int i = 0; i < n; i++) {
                    b[i] = BloomFilter.readFrom(in);
                }
                if (in.remaining() != 0) {
                    throw new IllegalArgumentException(in.remaining() + " bytes after the last filter");
                }
            }
            catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
                throw new CorruptSegmentException(path, "bloom filter index of column " + col + " does not parse: " + ex.getMessage(), ex);
            }
            blooms[col] = b;
        }
        return b[page];
    }

    private SegmentFormat.IndexEntry indexEntry(int kind, int col)
    {
        for (SegmentFormat.IndexEntry e : indexes) {
            if (e.kind() == kind && e.column() == col) {
                return e;
            }
        }
        return null;
    }

    /** Verifies an index block's checksum and header and returns a cursor over its payload. */
    private ByteSource indexPayload(SegmentFormat.IndexEntry e)
    {
        if (closed) {
            throw new IllegalStateException("segment reader for " + path + " is closed");
        }
        int stored = file.get(INT_LE, e.offset());
        int actual = SegmentFormat.crc32c(file, e.offset() + 4, e.size() - 4L);
        if (stored != actual) {
            throw new CorruptSegmentException(path, String.format("checksum mismatch in index block (kind %d, column %d) at offset %d: stored %08x, computed %08x",
                    e.kind(), e.column(), e.offset(), stored, actual));
        }
        int kind = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, e.offset() + 4));
        int hashVersion = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, e.offset() + 5));
        int column = file.get(INT_LE, e.offset() + 8);
        if (kind != e.kind() || column != e.column()) {
            throw new CorruptSegmentException(path, "index block at offset " + e.offset() + " says kind " + kind + " column " + column
                    + ", footer says kind " + e.kind() + " column " + e.column());
        }
        if (kind == SegmentFormat.INDEX_BLOOM && hashVersion != SegmentFormat.BLOOM_HASH_VERSION) {
            throw new CorruptSegmentException(path, "bloom index of column " + column + " uses unknown hash version " + hashVersion);
        }
        return new ByteSource(file.asSlice(e.offset() + SegmentFormat.INDEX_HEADER_BYTES, e.size() - SegmentFormat.INDEX_HEADER_BYTES));
    }

    /** File size in bytes. */
    public long fileSize()
    {
        return file.byteSize();
    }

    private ColumnMeta column(int col)
    {
        if (col < 0 || col >= columns.size()) {
            throw new IndexOutOfBoundsException("column " + col + " of a " + columns.size() + "-column segment " + path);
        }
        return columns.get(col);
    }

    /**
     * Decodes rows {@code [firstRow, firstRow + count)} of column {@code col} into {@code dst} rows
     * {@code [dstOffset, dstOffset + count)}, values and null flags. For VARLEN columns the rows of {@code dst}
     * before {@code dstOffset} must already be written (strings are appended in row order).
     *
     * @throws CorruptSegmentException if a page fails its checksum or does not decode
     */
    public void readColumn(int col, long firstRow, int count, ColumnVector dst, int dstOffset)
    {
        if (closed) {
            throw new IllegalStateException("segment reader for " + path + " is closed");
        }
        ColumnMeta meta = column(col);
        if (firstRow < 0 || count < 0 || firstRow + count > numRows) {
            throw new IndexOutOfBoundsException("rows [" + firstRow + ", " + (firstRow + count) + ") of a " + numRows + "-row segment " + path);
        }
        if (dstOffset < 0 || dstOffset + count > dst.capacity()) {
            throw new IndexOutOfBoundsException("rows [" + dstOffset + ", " + (dstOffset + count) + ") of a vector of capacity " + dst.capacity());
        }
        if (dst.physical() != meta.type().physical()) {
            throw new IllegalArgumentException("column " + col + " is " + meta.type() + " but the vector holds " + dst.type());
        }
        if (count == 0) {
            return;
        }
        long row = firstRow;
        int done = 0;
        int p = meta.pageOf(row);
        while (done < count) {
            PageMeta page = meta.pages().get(p);
            int from = (int) (row - page.firstRow());
            int n = Math.min(count - done, page.numRows() - from);
            readPage(col, p, page, from, n, dst, dstOffset + done);
            done += n;
            row += n;
            p++;
        }
    }

    /**
     * Decodes the rows {@code firstRow + rows[i]} ({@code i < n}, {@code rows} ascending) of a column into
     * {@code dst} rows {@code rows[i]}, values and null flags; the other rows of a fixed-width {@code dst} are left as
     * they were, those of a VARLEN one (written from row 0, a fresh vector) up to {@code rows[n - 1]} become empty.
     * This is the late-materialization read: after the filter columns selected a few rows of a batch, the remaining
     * columns decode only those (BIT_PACKED, fixed-width PLAIN and DICT pages by random access; other pages decode the
     * covering range).
     *
     * @throws CorruptSegmentException if a page fails its checksum or does not decode
     */
    public void readColumnSelected(int col, long firstRow, int[] rows, int n, ColumnVector dst)
    {
        if (closed) {
            throw new IllegalStateException("segment reader for " + path + " is closed");
        }
        ColumnMeta meta = column(col);
        if (dst.physical() != meta.type().physical()) {
            throw new IllegalArgumentException("column " + col + " is " + meta.type() + " but the vector holds " + dst.type());
        }
        if (n == 0) {
            return;
        }
        if (firstRow < 0 || rows[0] < 0 || firstRow + rows[n - 1] >= numRows || rows[n - 1] >= dst.capacity()) {
            throw new IndexOutOfBoundsException("rows " + firstRow + " + [" + rows[0] + ", " + rows[n - 1] + "] of a " + numRows
                    + "-row segment " + path + " into a vector of capacity " + dst.capacity());
        }
        boolean varlen = !dst.physical().isFixedWidth();
        int nextDst = 0;
        int i = 0;
        while (i < n) {
            int p = meta.pageOf(firstRow + rows[i]);
            PageMeta page = meta.pages().get(p);
            long pageEnd = page.firstRow() + page.numRows();
            int j = i + 1;
            while (j < n && firstRow + rows[j] < pageEnd) {
                j++;
            }
            if (varlen) {
                nextDst = readVarlenPageSelected(col, p, page, rows, i, j, (int) (firstRow - page.firstRow()), nextDst, dst);
            }
            else {
                readPageSelected(col, p, page, rows, i, j, (int) (firstRow - page.firstRow()), dst);
            }
            i = j;
        }
    }

    /**
     * VARLEN rows of one page for {@link #readColumnSelected}: DICT pages copy just the selected entries; other pages
     * decode the covering range. Unselected rows before each written one become empty strings so the offsets stay
     * monotonic (strings are appended in row order). Returns the next unwritten vector row.
     */
    private int readVarlenPageSelected(int col, int pageIndex, PageMeta page, int[] rows, int from, int to, int delta, int nextDst, ColumnVector dst)
    {
        DictPage dict = dictPage(col, pageIndex);
        if (dict != null) {
            try {
                return dict.decodeSelected(rows, from, to, delta, nextDst, dst);
            }
            catch (IndexOutOfBoundsException e) {
                throw new CorruptSegmentException(path, "column " + col + " page " + pageIndex + " does not decode: " + e.getMessage(), e);
            }
        }
        int first = rows[from];
        for (int r = nextDst; r < first; r++) {
            dst.setBytes(r, dst.bytes(), 0, 0);
        }
        int last = rows[to - 1];
        readPage(col, pageIndex, page, first + delta, last - first + 1, dst, first);
        return last + 1;
    }

    private void readPageSelected(int col, int pageIndex, PageMeta page, int[] rows, int from, int to, int delta, ColumnVector dst)
    {
        long base = page.offset();
        verify(col, pageIndex, page);
        EncodingType encoding = EncodingType.fromId(file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_ENCODING));
        Codec codec = Codecs.byId(file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_CODEC));
        int flags = file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_FLAGS);
        int storedSize = file.get(INT_LE, base + SegmentFormat.PAGE_STORED_SIZE);
        long bodyAt = base + SegmentFormat.PAGE_HEADER_BYTES;
        boolean done;
        try {
            done = codec == Codecs.NONE
                    && PageEncoder.decodeSelected(encoding, file.asSlice(bodyAt, storedSize), page.numRows(), rows, from, to, delta, dst);
        }
        catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptSegmentException(path, "column " + col + " page " + pageIndex + " does not decode: " + e.getMessage(), e);
        }
        if (!done) {
            // compressed or sequential-only encoding: decode the covering range (rows in between are overwritten too)
            int first = rows[from];
            readPage(col, pageIndex, page, first + delta, rows[to - 1] - first + 1, dst, first);
            return;
        }
        long bitmapAt = (flags & SegmentFormat.FLAG_NULL_BITMAP) != 0 ? bodyAt + storedSize : -1;
        if (bitmapAt >= 0) {
            for (int i = from; i < to; i++) {
                int r = rows[i] + delta;
                boolean valid = (file.get(ValueLayout.JAVA_BYTE, bitmapAt + (r >>> 3)) & (1 << (r & 7))) != 0;
                dst.setNull(rows[i], !valid);
            }
        }
        else if (dst.hasNulls()) {
            for (int i = from; i < to; i++) {
                dst.setNull(rows[i], false);
            }
        }
    }

    /** Index of the page of column {@code col} holding segment row {@code row}. */
    public int pageOf(int col, long row)
    {
        if (row < 0 || row >= numRows) {
            throw new IndexOutOfBoundsException("row " + row + " of a " + numRows + "-row segment " + path);
        }
        return column(col).pageOf(row);
    }

    /**
     * The dictionary view of page {@code pageIndex} of column {@code col} when that page is DICT-encoded, else null
     * (PLAIN fallback pages, other encodings). A compressed page is decompressed into a heap copy the view owns, so
     * callers should keep the view for as long as they read the page (one decompression per page, not per batch).
     *
     * @throws CorruptSegmentException if the page fails its checksum or its dictionary does not parse
     */
    public DictPage dictPage(int col, int pageIndex)
    {
        if (closed) {
            throw new IllegalStateException("segment reader for " + path + " is closed");
        }
        ColumnMeta meta = column(col);
        PageMeta page = meta.pages().get(pageIndex);
        long base = page.offset();
        verify(col, pageIndex, page);
        if (EncodingType.fromId(file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_ENCODING)) != EncodingType.DICT) {
            return null;
        }
        Codec codec = Codecs.byId(file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_CODEC));
        int flags = file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_FLAGS);
        int rawSize = file.get(INT_LE, base + SegmentFormat.PAGE_UNCOMPRESSED_SIZE);
        int storedSize = file.get(INT_LE, base + SegmentFormat.PAGE_STORED_SIZE);
        int nullBytes = file.get(INT_LE, base + SegmentFormat.PAGE_NULL_BITMAP_SIZE);
        long bodyAt = base + SegmentFormat.PAGE_HEADER_BYTES;
        try {
            MemorySegment body;
            if (codec == Codecs.NONE) {
                body = file.asSlice(bodyAt, storedSize);
            }
            else {
                byte[] copy = new byte[rawSize];
                codec.decompress(file, bodyAt, storedSize, copy, 0, rawSize);
                body = MemorySegment.ofArray(copy);
            }
            MemorySegment validity = (flags & SegmentFormat.FLAG_NULL_BITMAP) != 0 ? file.asSlice(bodyAt + storedSize, nullBytes) : null;
            return new DictPage(body, page.firstRow(), page.numRows(), validity);
        }
        catch (CorruptDataException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptSegmentException(path, "column " + col + " page " + pageIndex + " does not decode: " + e.getMessage(), e);
        }
    }

    /** Checks a page's checksum and header the first time it is read. */
    private void verify(int col, int pageIndex, PageMeta page)
    {
        if (!verified[col][pageIndex]) {
            long base = page.offset();
            int stored = file.get(INT_LE, base + SegmentFormat.PAGE_CRC);
            int actual = SegmentFormat.crc32c(file, base + 4, page.size() - 4L);
            if (stored != actual) {
                throw new CorruptSegmentException(path, String.format("checksum mismatch in column %d page %d at offset %d: stored %08x, computed %08x",
                        col, pageIndex, base, stored, actual));
            }
            verifyHeader(col, pageIndex, page);
            verified[col][pageIndex] = true;
        }
    }

    private void readPage(int col, int pageIndex, PageMeta page, int from, int n, ColumnVector dst, int dstOffset)
    {
        long base = page.offset();
        verify(col, pageIndex, page);
        EncodingType encoding = EncodingType.fromId(file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_ENCODING));
        Codec codec = Codecs.byId(file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_CODEC));
        int flags = file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_FLAGS);
        int rawSize = file.get(INT_LE, base + SegmentFormat.PAGE_UNCOMPRESSED_SIZE);
        int storedSize = file.get(INT_LE, base + SegmentFormat.PAGE_STORED_SIZE);
        long bodyAt = base + SegmentFormat.PAGE_HEADER_BYTES;
        try {
            applyNulls(page, (flags & SegmentFormat.FLAG_NULL_BITMAP) != 0 ? bodyAt + storedSize : -1, from, n, dst, dstOffset);
            MemorySegment body;
            if (codec == Codecs.NONE) {
                body = file.asSlice(bodyAt, storedSize);
            }
            else {
                byte[] scratch = scratch(rawSize);
                codec.decompress(file, bodyAt, storedSize, scratch, 0, rawSize);
                body = MemorySegment.ofArray(scratch).asSlice(0, rawSize);
            }
            PageEncoder.decode(encoding, body, page.numRows(), from, n, dst, dstOffset);
        }
        catch (CorruptDataException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptSegmentException(path, "column " + col + " page " + pageIndex + " does not decode: " + e.getMessage(), e);
        }
    }

    /** Checks the page header against the footer entry (once per page, after its checksum passed). */
    private void verifyHeader(int col, int pageIndex, PageMeta page)
    {
        long base = page.offset();
        int encodingId = file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_ENCODING);
        int codecId = file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_CODEC);
        long firstOrdinal = file.get(LONG_LE, base + SegmentFormat.PAGE_FIRST_ORDINAL);
        int numValues = file.get(INT_LE, base + SegmentFormat.PAGE_NUM_VALUES);
        int rawSize = file.get(INT_LE, base + SegmentFormat.PAGE_UNCOMPRESSED_SIZE);
        int storedSize = file.get(INT_LE, base + SegmentFormat.PAGE_STORED_SIZE);
        int nullBytes = file.get(INT_LE, base + SegmentFormat.PAGE_NULL_BITMAP_SIZE);
        int flags = file.get(ValueLayout.JAVA_BYTE, base + SegmentFormat.PAGE_FLAGS);
        String problem = null;
        if (EncodingType.fromId(encodingId) == null) {
            problem = "unknown encoding id " + encodingId;
        }
        else if (Codecs.byId(codecId) == null) {
            problem = "unknown codec id " + codecId;
        }
        else if (firstOrdinal != page.firstRow() || numValues != page.numRows()) {
            problem = "header says rows [" + firstOrdinal + ", +" + numValues + "), ordinal index says [" + page.firstRow() + ", +" + page.numRows() + ")";
        }
        else if (rawSize < 0 || storedSize < 0 || nullBytes < 0
                || (long) SegmentFormat.PAGE_HEADER_BYTES + storedSize + nullBytes != page.size()
                || ((flags & SegmentFormat.FLAG_NULL_BITMAP) != 0 ? nullBytes != (numValues + 7) / 8 : nullBytes != 0)) {
            problem = "inconsistent sizes: stored " + storedSize + ", null bitmap " + nullBytes + ", page " + page.size();
        }
        else if (codecId == Codecs.NONE.id() && rawSize != storedSize) {
            problem = "uncompressed page with stored size " + storedSize + " != raw size " + rawSize;
        }
        if (problem != null) {
            throw new CorruptSegmentException(path, "column " + col + " page " + pageIndex + ": " + problem);
        }
    }

    /**
     * Sets the null flags of {@code dst} rows for page rows {@code [from, from + n)}; {@code bitmapAt} is the
     * file offset of the page's null bitmap or -1 if the page has no nulls.
     */
    private void applyNulls(PageMeta page, long bitmapAt, int from, int n, ColumnVector dst, int dstOffset)
    {
        if (bitmapAt < 0) {
            if (dst.hasNulls()) {
                for (int i = 0; i < n; i++) {
                    dst.setNull(dstOffset + i, false);
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int r = from + i;
            boolean valid = (file.get(ValueLayout.JAVA_BYTE, bitmapAt + (r >>> 3)) & (1 << (r & 7))) != 0;
            dst.setNull(dstOffset + i, !valid);
        }
    }

    private static byte[] scratch(int n)
    {
        byte[] s = SCRATCH.get();
        if (s.length < n) {
            s = new byte[Math.max(n, s.length * 2)];
            SCRATCH.set(s);
        }
        return s;
    }

    /** Unmaps the file. Reads after close fail with {@link IllegalStateException}. */
    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
    }
}
