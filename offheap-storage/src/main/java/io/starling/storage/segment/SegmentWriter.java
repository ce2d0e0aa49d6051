package io.starling.storage.segment;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codec;
import io.starling.storage.compress.Codecs;
import io.starling.storage.encoding.EncodingType;
import io.starling.storage.encoding.PageEncoder;
import io.starling.storage.index.IndexValues;
import io.starling.storage.index.bloom.BloomFilter;
import io.starling.storage.index.shortkey.ShortKeyEncoder;
import io.starling.storage.index.shortkey.ShortKeyIndex;
import io.starling.storage.index.zonemap.ZoneMap;
import io.starling.storage.io.ByteSink;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one immutable segment file (layout: {@link SegmentFormat}, {@code SEGMENT_FORMAT.md}).
 *
 * <p>Each column stages rows in an off-heap {@link ColumnVector} sized to one page
 * ({@link SegmentFormat#pageRows}); a full page (by rows, or by {@link SegmentFormat#TARGET_PAGE_BYTES} for
 * strings) is encoded ({@link PageEncoder}), LZ4-compressed when that saves more than 10%, checksummed and
 * appended to the file at once, so pages of different columns interleave in the file and the writer's memory
 * is one page per column. {@link #finish()} flushes the last pages, writes the footer and trailer and forces
 * the file to disk. Not thread-safe.
 *
 * <p>Indexes ({@link SegmentIndexSpec}): with sort key columns, a {@link ShortKeyIndex} of every 1024th row is
 * collected while rows arrive and written only if the rows really arrived in key order; bloom columns get one
 * {@link BloomFilter} per page. Both are written as checksummed index blocks after the pages (format version 2).
 *
 * <p>{@link #close()} without {@link #finish()} aborts: the partial file is deleted.
 */
public final class SegmentWriter implements AutoCloseable
{
    private final Path path;
    private final FileChannel channel;
    private final MemoryContext ctx;
    private final boolean ownsContext;
    private final Codec codec;
    private final List<ColumnWriter> columns = new ArrayList<>();
    private final ByteSink body = new ByteSink(SegmentFormat.TARGET_PAGE_BYTES + 1024);
    private final ByteSink page = new ByteSink(SegmentFormat.TARGET_PAGE_BYTES + 1024);
    private byte[] compressed = new byte[0];
    private final SegmentIndexSpec spec;
    private final ShortKeyIndex.Builder shortKey;
    private final ColumnVector[] shortKeyVectors;
    private long position;
    private long numRows;
    private boolean finished;
    private boolean closed;

    /** A writer with LZ4 compression, staging memory accounted to a child of the process context. */
    public SegmentWriter(Path path, List<DataType> columnTypes) throws IOException
    {
        this(path, columnTypes, null, Codecs.LZ4);
    }

    /**
     * A writer building the indexes of the tablet's {@link SegmentIndexSpec} ({@link SegmentIndexSpec#forSegmentFile}).
     *
     * @param ctx memory context for the staging vectors, or null for a private child of {@link MemoryContext#process()}
     * @param codec page codec; {@link Codecs#NONE} disables compression
     */
    public SegmentWriter(Path path, List<DataType> columnTypes, MemoryContext ctx, Codec codec) throws IOException
    {
        this(path, columnTypes, ctx, codec, SegmentIndexSpec.forSegmentFile(path));
    }

    /** A writer building the indexes of {@code spec} (columns beyond the schema are ignored). */
    public SegmentWriter(Path path, List<DataType> columnTypes, MemoryContext ctx, Codec codec, SegmentIndexSpec spec) throws IOException
    {
        this.spec = spec == null ? SegmentIndexSpec.NONE : spec;
        ShortKeyEncoder enc = ShortKeyEncoder.of(columnTypes.subList(0, Math.min(this.spec.sortKeyColumns(), columnTypes.size())));
        this.shortKey = enc.columns() > 0 ? new ShortKeyIndex.Builder(enc, ShortKeyIndex.DEFAULT_INTERVAL) : null;
        this.shortKeyVectors = new ColumnVector[enc.columns()];
        this.path = path;
        this.ownsContext = ctx == null;
        this.ctx = ctx == null ? MemoryContext.process().newChild("segment-writer:" + path.getFileName()) : ctx;
        this.codec = codec;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            for (int c = 0; c < columnTypes.size(); c++) {
                columns.add(new ColumnWriter(columnTypes.get(c), this.ctx, this.spec.hasBloom(c) && bloomable(columnTypes.get(c))));
            }
            ByteSink header = new ByteSink(SegmentFormat.FILE_HEADER_BYTES);
            header.writeInt(SegmentFormat.MAGIC);
            header.writeInt(SegmentFormat.FORMAT_VERSION);
            write(header);
        }
        catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    public Path path()
    {
        return path;
    }

    /** Rows appended so far. */
    public long numRows()
    {
        return numRows;
    }

    /** Bytes written to the file so far (pages flushed; staged rows not included). */
    public long bytesWritten()
    {
        return position;
    }

    /** Appends the logical rows of {@code batch} (honouring its selection vector); columns must match the schema. */
    public void append(ColumnBatch batch) throws IOException
    {
        checkOpen();
        if (batch.columnCount() != columns.size()) {
            throw new IllegalArgumentException("batch has " + batch.columnCount() + " columns, segment has " + columns.size());
        }
        for (int c = 0; c < columns.size(); c++) {
            ColumnWriter w = columns.get(c);
            if (batch.column(c).physical() != w.type.physical()) {
                throw new IllegalArgumentException("column " + c + " is " + batch.column(c).type() + ", segment column is " + w.type);
            }
        }
        if (shortKey != null && shortKey.sorted()) {
            for (int k = 0; k < shortKeyVectors.length; k++) {
                shortKeyVectors[k] = batch.column(k);
            }
            for (int i = 0; i < batch.size(); i++) {
                shortKey.add(shortKeyVectors, batch.position(i));
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            columns.get(c).append(batch.column(c), batch);
        }
        numRows += batch.size();
    }

    /** Bloom filters serve = and IN; FLOAT/DOUBLE columns get none (StarRocks refuses them too). */
    static boolean bloomable(DataType t)
    {
        return t.physical() != PhysicalType.FLOAT && t.physical() != PhysicalType.DOUBLE;
    }

    /** Writes the index blocks after the last page; returns their footer entries. */
    private List<SegmentFormat.IndexEntry> writeIndexes() throws IOException
    {
        List<SegmentFormat.IndexEntry> out = new ArrayList<>();
        ShortKeyIndex sk = shortKey == null ? null : shortKey.build();
        if (sk != null) {
            ByteSink b = indexBlock(SegmentFormat.INDEX_SHORT_KEY, 0, SegmentFormat.NO_COLUMN);
            sk.writeTo(b);
            out.add(writeIndexBlock(b, SegmentFormat.INDEX_SHORT_KEY, SegmentFormat.NO_COLUMN));
        }
        for (int c = 0; c < columns.size(); c++) {
            ColumnWriter w = columns.get(c);
            if (w.blooms == null) {
                continue;
            }
            ByteSink b = indexBlock(SegmentFormat.INDEX_BLOOM, SegmentFormat.BLOOM_HASH_VERSION, c);
            b.writeInt(w.blooms.size());
            for (BloomFilter f : w.blooms) {
                f.writeTo(b);
            }
            out.add(writeIndexBlock(b, SegmentFormat.INDEX_BLOOM, c));
        }
        return out;
    }

    private static ByteSink indexBlock(int kind, int hashVersion, int column)
    {
        ByteSink b = new ByteSink(4096);
        b.writeInt(0);
        b.writeByte(kind);
        b.writeByte(hashVersion);
        b.writeShort(0);
        b.writeInt(column);
        return b;
    }

    private SegmentFormat.IndexEntry writeIndexBlock(ByteSink b, int kind, int column) throws IOException
    {
        b.setInt(0, SegmentFormat.crc32c(b.array(), 4, b.size() - 4));
        SegmentFormat.IndexEntry e = new SegmentFormat.IndexEntry(kind, column, position, b.size());
        write(b);
        return e;
    }

    /** Flushes the last pages, writes footer and trailer, forces the file to disk and closes it. */
    public SegmentInfo finish() throws IOException
    {
        checkOpen();
        try {
            List<ColumnMeta> metas = new ArrayList<>(columns.size());
            for (ColumnWriter w : columns) {
                w.flushPage();
                metas.add(ColumnMeta.of(w.type, w.segmentZone.build(), w.pages));
            }
            List<SegmentFormat.IndexEntry> indexes = writeIndexes();
            ByteSink footer = new ByteSink(4096);
            SegmentFormat.writeFooter(footer, numRows, metas, indexes);
            int footerCrc = SegmentFormat.crc32c(footer.array(), 0, footer.size());
            int footerLength = footer.size();
            footer.writeInt(footerLength);
            footer.writeInt(footerCrc);
            footer.writeInt(SegmentFormat.MAGIC);
            write(footer);
            channel.force(true);
            finished = true;
            return new SegmentInfo(numRows, position);
        }
        catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        finally {
            close();
        }
    }

    private void checkOpen()
    {
        if (finished || closed) {
            throw new IllegalStateException("segment writer for " + path + " is already " + (finished ? "finished" : "closed"));
        }
    }

    private void write(ByteSink bytes) throws IOException
    {
        ByteBuffer buf = ByteBuffer.wrap(bytes.array(), 0, bytes.size());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        position += bytes.size();
    }

    private void abort()
    {
        closed = true;
        releaseBuffers();
        try {
            channel.close();
        }
        catch (IOException ignored) {
            // the file is deleted next; a close failure changes nothing
        }
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ignored) {
            // best effort: an orphaned file is removed by TabletStore's startup cleanup
        }
    }

    private void releaseBuffers()
    {
        for (ColumnWriter w : columns) {
            w.staging.close();
        }
        if (ownsContext) {
            ctx.close();
        }
    }

    /** Closes the writer; if {@link #finish()} was not called the partial file is deleted. */
    @Override
    public void close() throws IOException
    {
        if (closed) {
            return;
        }
        if (!finished) {
            abort();
            return;
        }
        closed = true;
        releaseBuffers();
        channel.close();
    }

    /** Encodes, compresses, checksums and writes the staged rows of one column as a page. */
    private void writePage(ColumnWriter w) throws IOException
    {
        int rows = w.staged;
        ColumnVector v = w.staging;
        body.reset();
        EncodingType encoding = PageEncoder.encode(v, 0, rows, body);
        int rawSize = body.size();

        byte[] stored = body.array();
        int storedSize = rawSize;
        Codec used = Codecs.NONE;
        if (codec != Codecs.NONE && rawSize > 0) {
            int max = codec.maxCompressedLength(rawSize);
            if (compressed.length < max) {
                compressed = new byte[max];
            }
            int n = codec.compress(body.array(), 0, rawSize, compressed, 0);
            if (Codecs.worthCompressing(rawSize, n)) {
                stored = compressed;
                storedSize = n;
                used = codec;
            }
        }

        int nullBytes = 0;
        boolean anyNull = false;
        if (v.hasNulls()) {
            for (int i = 0; i < rows && !anyNull; i++) {
                anyNull = v.isNull(i);
            }
        }
        if (anyNull) {
            nullBytes = (rows + 7) / 8;
        }

        page.reset();
        page.writeInt(0);
        page.writeByte(encoding.id());
        page.writeByte(used.id());
        page.writeByte(anyNull ? SegmentFormat.FLAG_NULL_BITMAP : 0);
        page.writeByte(0);
        page.writeLong(w.pageFirstRow);
        page.writeInt(rows);
        page.writeInt(rawSize);
        page.writeInt(storedSize);
        page.writeInt(nullBytes);
        page.writeBytes(stored, 0, storedSize);
        if (anyNull) {
            int at = page.skip(nullBytes);
            byte[] a = page.array();
            for (int i = 0; i < rows; i++) {
                if (!v.isNull(i)) {
                    a[at + (i >>> 3)] |= (byte) (1 << (i & 7));
                }
                else {
                    a[at + (i >>> 3)] &= (byte) ~(1 << (i & 7));
                }
            }
        }
        page.setInt(SegmentFormat.PAGE_CRC, SegmentFormat.crc32c(page.array(), 4, page.size() - 4));

        ZoneMap zone = ZoneMap.builder(w.type.physical()).add(v, 0, rows).build();
        if (w.blooms != null) {
            w.blooms.add(pageBloom(v, rows));
        }
        w.segmentZone.merge(zone);
        w.pages.add(new PageMeta(position, page.size(), w.pageFirstRow, rows, zone));
        write(page);
    }

    /** The bloom filter of one page, sized for the page's distinct non-null values. */
    private BloomFilter pageBloom(ColumnVector v, int rows)
    {
        long[] h = new long[rows];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            if (!v.isNull(i)) {
                h[n++] = IndexValues.hashRow(v, i);
            }
        }
        Arrays.sort(h, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || h[i] != h[i - 1]) {
                distinct++;
            }
        }
        BloomFilter f = BloomFilter.create(distinct, spec.bloomFpp());
        for (int i = 0; i < n; i++) {
            f.add(h[i]);
        }
        return f;
    }

    /** Per-column staging state. */
    private final class ColumnWriter
    {
        final DataType type;
        final PhysicalType physical;
        final ColumnVector staging;
        final int pageRows;
        final List<PageMeta> pages = new ArrayList<>();
        final ZoneMap.Builder segmentZone;
        /** Page bloom filters in page order, or null if the column has none. */
        final List<BloomFilter> blooms;
        int staged;
        long pageFirstRow;

        ColumnWriter(DataType type, MemoryContext ctx, boolean bloom)
        {
            this.blooms = bloom ? new ArrayList<>() : null;
            this.type = type;
            this.physical = type.physical();
            this.pageRows = SegmentFormat.pageRows(physical);
            this.staging = new ColumnVector(type, pageRows, ctx);
            this.segmentZone = ZoneMap.builder(physical);
        }

        void append(ColumnVector src, ColumnBatch batch) throws IOException
        {
            int n = batch.size();
            if (!physical.isFixedWidth() || batch.selection() != null) {
                for (int i = 0; i < n; i++) {
                    staging.copyFrom(src, batch.position(i), staged++);
                    if (staged == pageRows || (!physical.isFixedWidth() && staging.getOffset(staged) >= SegmentFormat.TARGET_PAGE_BYTES)) {
                        flushPage();
                    }
                }
                return;
            }
            // Dense fixed-width input: bulk-copy page-sized chunks.
            int w = physical.width();
            int i = 0;
            while (i < n) {
                int take = Math.min(n - i, pageRows - staged);
                MemorySegment.copy(src.data(), (long) i * w, staging.data(), (long) staged * w, (long) take * w);
                if (src.hasNulls() || staging.hasNulls()) {
                    for (int k = 0; k < take; k++) {
                        staging.setNull(staged + k, src.isNull(i + k));
                    }
                }
                staged += take;
                i += take;
                if (staged == pageRows) {
                    flushPage();
                }
            }
        }

        void flushPage() throws IOException
        {
            if (staged == 0) {
                return;
            }
            writePage(this);
            pageFirstRow += staged;
            staged = 0;
            staging.resetNulls();
            staging.resetVarlen();
        }
    }
}
