package io.starling.storage.segment;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.encoding.BitPacking;
import io.starling.storage.encoding.DictEncoding;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.starling.storage.io.ByteSource.INT_LE;

/**
 * A checked view of one DICT-encoded page ({@link DictEncoding} layout): its dictionary, its per-row codes and its
 * null flags, for evaluating a predicate once per dictionary entry and then filtering rows by code, and for
 * materializing only the rows that survived ({@link #decodeSelected}). Obtained from
 * {@link SegmentReader#dictPage}; the header, every dictionary offset and the code width are validated at
 * construction, so the accessors only bounds-check codes against the dictionary size.
 */
public final class DictPage
{
    private final MemorySegment body;
    private final long firstRow;
    private final int numRows;
    private final int dictSize;
    private final long offsetsBase;
    private final long bytesBase;
    private final long codesBase;
    private final int width;
    /** The page's null bitmap (bit set = valid), or null when the page has no NULLs. */
    private final MemorySegment validity;

    DictPage(MemorySegment body, long firstRow, int numRows, MemorySegment validity)
    {
        this.body = body;
        this.firstRow = firstRow;
        this.numRows = numRows;
        this.validity = validity;
        if (body.byteSize() < 8) {
            throw new IndexOutOfBoundsException("DICT body of " + body.byteSize() + " bytes has no header");
        }
        int size = body.get(INT_LE, 0);
        int dictBytes = body.get(INT_LE, 4);
        if (size < 0 || dictBytes < 0 || 8L + 4L * (size + 1) + dictBytes + 1 > body.byteSize()) {
            throw new IndexOutOfBoundsException("DICT header (" + size + " entries, " + dictBytes + " bytes) exceeds body of " + body.byteSize() + " bytes");
        }
        this.dictSize = size;
        this.offsetsBase = 8;
        this.bytesBase = offsetsBase + 4L * (size + 1);
        long widthPos = bytesBase + dictBytes;
        this.width = Byte.toUnsignedInt(body.get(ValueLayout.JAVA_BYTE, widthPos));
        this.codesBase = widthPos + 1;
        if (width > BitPacking.MAX_WIDTH || codesBase + BitPacking.packedBytes(numRows, width) > body.byteSize()) {
            throw new IndexOutOfBoundsException("DICT codes (width " + width + ") exceed body of " + body.byteSize() + " bytes");
        }
        int prev = 0;
        for (int j = 0; j <= size; j++) {
            int off = body.get(INT_LE, offsetsBase + 4L * j);
            if (off < prev || off > dictBytes || (j == 0 && off != 0)) {
                throw new IndexOutOfBoundsException("DICT entry offset " + j + " = " + off + " outside [" + prev + ", " + dictBytes + "]");
            }
            prev = off;
        }
    }

    /** Segment row of the page's first value. */
    public long firstRow()
    {
        return firstRow;
    }

    public int numRows()
    {
        return numRows;
    }

    /** Number of dictionary entries; codes are {@code [0, dictSize)}. */
    public int dictSize()
    {
        return dictSize;
    }

    /** Writes the dictionary entries into rows {@code [0, dictSize)} of a VARLEN vector (no NULLs). */
    public void dictionaryInto(ColumnVector dst)
    {
        if (dst.capacity() < dictSize) {
            throw new IndexOutOfBoundsException(dictSize + " entries into a vector of capacity " + dst.capacity());
        }
        for (int j = 0; j < dictSize; j++) {
            int start = body.get(INT_LE, offsetsBase + 4L * j);
            int end = body.get(INT_LE, offsetsBase + 4L * (j + 1));
            if (dst.hasNulls()) {
                dst.setNull(j, false);
            }
            dst.setBytes(j, body, bytesBase + start, end - start);
        }
    }

    /**
     * Unpacks the codes of page rows {@code [from, from + count)} into {@code out[0, count)} (at most
     * {@link BitPacking#UNPACK_CHUNK} at a time). NULL rows hold code 0; see {@link #isNull}.
     */
    public void codes(int from, int count, int[] out)
    {
        if (from < 0 || count < 0 || from + count > numRows) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") of a " + numRows + "-row page");
        }
        BitPacking.unpackInts(body, codesBase, width, from, count, 0, out);
    }

    /** Whether the page has NULL rows at all. */
    public boolean hasNulls()
    {
        return validity != null;
    }

    /** Whether page row {@code r} is NULL. */
    public boolean isNull(int r)
    {
        return validity != null && (validity.get(ValueLayout.JAVA_BYTE, r >>> 3) & (1 << (r & 7))) == 0;
    }

    /**
     * Late materialization: for {@code i} in {@code [from, to)}, page row {@code rows[i] + delta} is written to
     * {@code dst} row {@code rows[i]} ({@code rows} ascending); the rows of {@code dst} in between, from
     * {@code rows[from - 1] + 1} (or {@code firstDst}) up to the last written, become empty strings so the vector's
     * offsets stay monotonic. Returns the next unwritten {@code dst} row.
     */
    public int decodeSelected(int[] rows, int from, int to, int delta, int firstDst, ColumnVector dst)
    {
        int next = firstDst;
        for (int i = from; i < to; i++) {
            int row = rows[i];
            int r = row + delta;
            if (r < 0 || r >= numRows || row < next || row >= dst.capacity()) {
                throw new IndexOutOfBoundsException("value " + r + " of a " + numRows + "-value page into row " + row + " of " + dst.capacity());
            }
            for (; next < row; next++) {
                dst.setBytes(next, body, 0, 0);
            }
            if (isNull(r)) {
                dst.setNull(row, true);
                dst.setBytes(row, body, 0, 0);
            }
            else {
                if (dst.hasNulls()) {
                    dst.setNull(row, false);
                }
                int code = (int) BitPacking.get(body, codesBase, width, r);
                if (code >= dictSize) {
                    throw new IndexOutOfBoundsException("DICT code " + code + " >= dictionary size " + dictSize);
                }
                int start = body.get(INT_LE, offsetsBase + 4L * code);
                int end = body.get(INT_LE, offsetsBase + 4L * (code + 1));
                dst.setBytes(row, body, bytesBase + start, end - start);
            }
            next = row + 1;
        }
        return next;
    }
}
